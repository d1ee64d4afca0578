namespace Coffer.Core.Auth.Userpass;

/// <summary>
/// Usernames as userpass accepts them: ASCII letters, digits, <c>_</c>, <c>-</c> and <c>.</c>; not starting with
/// <c>-</c>, not starting or ending with <c>.</c>. Names are lower-cased first, so logins are case-insensitive.
/// </summary>
public static class UsernameRules
{
    public static string Normalize(string username) => username.ToLowerInvariant();

    public static bool IsValid(string username) =>
        username.Length > 0 &&
        username[0] is not ('-' or '.') &&
        username[^1] != '.' &&
        username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>The normalised name, or a 400 explaining the rules.</summary>
    public static string Require(string username)
    {
        var normalized = Normalize(username);
        if (!IsValid(normalized))
        {
            throw CofferError.BadRequest(
                "invalid username: only letters, digits, \"_\", \"-\" and \".\" are allowed, and it may not begin with \"-\" nor begin or end with \".\"");
        }
        return normalized;
    }
}
