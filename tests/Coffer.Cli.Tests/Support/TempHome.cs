namespace Coffer.Cli.Tests.Support;

/// <summary>An empty directory used as HOME, so token-file tests never touch the developer's own files.</summary>
internal sealed class TempHome : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("coffer-home-").FullName;

    public string TokenFile => System.IO.Path.Combine(Path, ".coffer-token");

    public string? StoredToken => File.Exists(TokenFile) ? File.ReadAllText(TokenFile) : null;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
