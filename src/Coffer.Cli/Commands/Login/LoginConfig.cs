namespace Coffer.Cli.Commands.Login;

/// <summary>Reading the K=V configuration a login method receives.</summary>
internal static class LoginConfig
{
    /// <summary>Where the method is enabled: the "mount" entry the login command fills in from -path.</summary>
    public static string Mount(IReadOnlyDictionary<string, string> config, string defaultMount) =>
        Value(config, "mount") is { } mount && ApiPath.Sanitize(mount).Length > 0 ? ApiPath.Sanitize(mount) : defaultMount;

    /// <returns>The value, or null when the key is absent or empty (empty counts as not given, as in vault).</returns>
    public static string? Value(IReadOnlyDictionary<string, string> config, string key) =>
        config.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
