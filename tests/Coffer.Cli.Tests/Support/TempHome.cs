namespace Coffer.Cli.Tests.Support;

/// <summary>An empty directory used as HOME, so token-file tests never touch the developer's own files.</summary>
internal sealed class TempHome : IDisposable
{
    private readonly TempDirectory _directory = new("coffer-home-");

    public string Path => _directory.Path;

    public string TokenFile => _directory.PathOf(".coffer-token");

    public string? StoredToken => File.Exists(TokenFile) ? File.ReadAllText(TokenFile) : null;

    public void Dispose() => _directory.Dispose();
}
