namespace Coffer.Cli.Api;

/// <summary>
/// The token file <c>~/.coffer-token</c>, Coffer's counterpart of vault's default token helper
/// (<c>~/.vault-token</c>): consulted only when no token variable is set.
/// </summary>
internal static class TokenHelper
{
    public const string FileName = ".coffer-token";

    /// <param name="homeDirectory">null when the home directory is unknown; then there is no stored token.</param>
    public static string? ReadStoredToken(string? homeDirectory)
    {
        if (string.IsNullOrEmpty(homeDirectory))
        {
            return null;
        }

        var path = Path.Combine(homeDirectory, FileName);
        try
        {
            var token = File.ReadAllText(path).Trim();
            return token.Length == 0 ? null : token;
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>HOME (or USERPROFILE on Windows) from the CLI's environment, so tests can point it elsewhere.</summary>
    public static string? HomeDirectory(CliEnvironment environment) =>
        environment.FirstNonEmptyValue("HOME", "USERPROFILE");
}
