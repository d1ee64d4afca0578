namespace Coffer.Server;

/// <summary>Flags of <c>coffer server</c>, in Vault's style (<c>-flag=value</c> or <c>-flag value</c>).</summary>
internal sealed record ServerOptions
{
    public List<string> ConfigPaths { get; } = [];
    public bool Dev { get; private set; }
    public string? DevRootTokenId { get; private set; }
    public string? DevListenAddress { get; private set; }
    public string? LogLevel { get; private set; }

    public static ServerOptions Parse(string[] args)
    {
        var options = new ServerOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new ArgumentException($"unexpected argument \"{arg}\"");
            }
            var name = arg.TrimStart('-');
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            string Value()
            {
                if (value is not null)
                {
                    return value;
                }
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"flag -{name} needs a value");
                }
                return args[++i];
            }
            switch (name)
            {
                case "config":
                    options.ConfigPaths.Add(Value());
                    break;
                case "dev":
                    options.Dev = value is null || value is "true" or "1";
                    break;
                case "dev-root-token-id":
                    options.DevRootTokenId = Value();
                    break;
                case "dev-listen-address":
                    options.DevListenAddress = Value();
                    break;
                case "log-level":
                    options.LogLevel = Value().ToLowerInvariant();
                    break;
                default:
                    throw new ArgumentException($"flag provided but not defined: -{name}");
            }
        }
        return options;
    }
}
