namespace Coffer.Cli.Tests.Support;

/// <summary>An empty directory of its own for a test class, deleted with everything in it on disposal.</summary>
internal sealed class TempDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Where <paramref name="name"/> is (or would be) inside the directory.</summary>
    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
