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

    /// <summary>
    /// Saves the token for later commands (what `login` does). The file is created readable by its owner only
    /// (0600) and written under a temporary name first, so a failed write never leaves a half-written token
    /// behind and an existing file with looser permissions is replaced rather than reused.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void StoreToken(string homeDirectory, string token)
    {
        var path = Path.Combine(homeDirectory, FileName);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            // A leftover temporary file would keep its old mode, since the create mode applies to new files only.
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(token);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>HOME (or USERPROFILE on Windows) from the CLI's environment, so tests can point it elsewhere.</summary>
    public static string? HomeDirectory(CliEnvironment environment) =>
        environment.FirstNonEmptyValue("HOME", "USERPROFILE");
}
