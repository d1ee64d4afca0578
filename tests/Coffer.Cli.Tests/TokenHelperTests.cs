using Coffer.Cli.Api;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class TokenHelperTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void StoredTokenIsReadBackWithoutANewline()
    {
        TokenHelper.StoreToken(_home.Path, "s.abc");

        Assert.Equal("s.abc", File.ReadAllText(_home.TokenFile));
        Assert.Equal("s.abc", TokenHelper.ReadStoredToken(_home.Path));
    }

    [Fact]
    public void StoredTokenIsReadableByTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix permissions to check
        }


        TokenHelper.StoreToken(_home.Path, "s.abc");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.TokenFile));
    }

    [Fact]
    public void LeftoverTemporaryFileWithLooseModeIsNotReused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix permissions to check
        }

        var leftover = _home.TokenFile + ".tmp";
        File.WriteAllText(leftover, "junk");
        File.SetUnixFileMode(leftover, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        TokenHelper.StoreToken(_home.Path, "s.new");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.TokenFile));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void StoringIntoAMissingDirectoryFails()
    {
        Assert.ThrowsAny<IOException>(() => TokenHelper.StoreToken(Path.Combine(_home.Path, "missing"), "s.abc"));
    }
}
