namespace Coffer.Cli.Commands;

/// <summary>Normalises user-typed paths the way vault does, so "/secret/foo/" and "secret/foo" mean the same.</summary>
internal static class ApiPath
{
    public static string Sanitize(string path) => path.Trim('/');

    /// <summary>List paths name a "directory" and are shown (and requested) with a trailing slash.</summary>
    public static string AsDirectory(string path) => Sanitize(path) + "/";
}
