using Coffer.Core.Engines.Database;

namespace Coffer.Core.Tests.Database;

public sealed class DatabaseCredentialsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void UsernameFollowsVaultsPostgresFormat()
    {
        var name = DatabaseCredentials.Username("token", "readonly", Now);
        Assert.Matches("^v-token-readonly-[A-Za-z0-9]{20}-1700000000$", name);
    }

    [Fact]
    public void UsernameTruncatesDisplayNameAndRoleToEightAndWholeToSixtyThree()
    {
        var name = DatabaseCredentials.Username("userpass-alice-long", "very-long-role-name", Now);
        Assert.Matches("^v-userpass-very-lon-[A-Za-z0-9]{20}-1700000000$", name);
        Assert.True(name.Length <= DatabaseCredentials.MaxUsernameLength);
    }

    [Fact]
    public void UsernamesDiffer()
    {
        Assert.NotEqual(DatabaseCredentials.Username("t", "r", Now), DatabaseCredentials.Username("t", "r", Now));
    }

    [Fact]
    public void PasswordHasEveryCharacterClassAndNoQuotes()
    {
        for (var i = 0; i < 200; i++)
        {
            var password = DatabaseCredentials.Password();
            Assert.Equal(20, password.Length);
            Assert.Matches("^[A-Za-z0-9-]+$", password);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsDigit);
            Assert.Contains('-', password);
        }
    }
}
