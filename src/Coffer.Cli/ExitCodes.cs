namespace Coffer.Cli;

/// <summary>
/// Process exit codes, chosen to match the `vault` CLI so scripts written against it keep working:
/// <list type="bullet">
/// <item>0 — success.</item>
/// <item>1 — local problems: bad flags, wrong number of arguments, unreadable input files or stdin, a missing
/// <c>-field</c>. Also any failure of <c>status</c> and <c>operator init -status</c>, because 2 means
/// something specific for those two.</item>
/// <item>2 — remote problems: the server could not be reached, TLS failed, the client could not be configured,
/// or the API answered with an error; also "no value found" for <c>read</c>/<c>list</c>, "nothing there" for
/// <c>policy read</c>, <c>namespace lookup|list</c> and <c>audit list</c>, and (as in vault) every failure of a
/// <c>login</c> method, a login whose token could not be stored, and an unreadable <c>policy write</c> file.
/// <c>status</c> returns 2 when sealed and <c>operator init -status</c> when not initialized.</item>
/// <item>127 — no such command (the convention of the CLI framework Vault is built on).</item>
/// </list>
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int LocalError = 1;
    public const int RemoteError = 2;
    public const int Sealed = 2;
    public const int NotInitialized = 2;
    public const int UnknownCommand = 127;
}
