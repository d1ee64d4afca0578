namespace Coffer.Core.Auth.Userpass;

/// <summary>A userpass user as stored under <c>user/&lt;name&gt;</c>: the password verifier and token settings, never the password.</summary>
internal sealed class UserEntry
{
    public PasswordHash? Password { get; set; }
    public TokenFields Token { get; set; } = new();
}
