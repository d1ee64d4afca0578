using Coffer.Cli.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// Connection and output flags every server-facing command accepts, and how they combine with the
/// environment. Flags win over variables; COFFER_* variables win over their VAULT_* counterparts, so a
/// shell set up for vault works unchanged and a Coffer-specific setting can still override it.
/// </summary>
internal sealed class GlobalFlags
{
    private GlobalFlags(FlagSet flags)
    {
        Address = flags.AddString("address", "",
            "Address of the server, e.g. https://127.0.0.1:8200. Defaults to COFFER_ADDR, then VAULT_ADDR, then " +
            ClientSettings.DefaultAddress + ".");
        CaCert = flags.AddString("ca-cert", "",
            "Path to a PEM-encoded CA certificate used to verify the server's TLS certificate. Defaults to " +
            "COFFER_CACERT, then VAULT_CACERT.");
        TlsSkipVerify = flags.AddBool("tls-skip-verify",
            "Do not verify the server's TLS certificate. Not recommended. Defaults to COFFER_SKIP_VERIFY, then " +
            "VAULT_SKIP_VERIFY.");
        Namespace = flags.AddString("namespace", "",
            "Namespace for the request, sent as X-Vault-Namespace. Defaults to COFFER_NAMESPACE, then " +
            "VAULT_NAMESPACE.", "ns");
        WrapTtl = flags.AddDuration("wrap-ttl",
            "Ask the server to wrap the response in a single-use token valid for this long (e.g. 5m or 300). " +
            "Defaults to COFFER_WRAP_TTL, then VAULT_WRAP_TTL.");
        Format = flags.AddString("format", "",
            "Output format: table or json. Defaults to COFFER_FORMAT, then VAULT_FORMAT, then table.");
        Field = flags.AddString("field", "",
            "Print only this field's raw value, with no table or JSON around it.");
    }

    public StringFlag Address { get; }

    public StringFlag CaCert { get; }

    public BoolFlag TlsSkipVerify { get; }

    public StringFlag Namespace { get; }

    public DurationFlag WrapTtl { get; }

    public StringFlag Format { get; }

    public StringFlag Field { get; }

    public static GlobalFlags AddTo(FlagSet flags) => new(flags);

    /// <exception cref="FlagParseException">The format is not one Coffer can print.</exception>
    public OutputOptions ResolveOutput(CliEnvironment environment)
    {
        var formatText = Format.IsSet ? Format.Value : environment.FirstNonEmptyValue("COFFER_FORMAT", "VAULT_FORMAT") ?? "table";
        if (!OutputOptions.TryParseFormat(formatText, out var format))
        {
            throw new FlagParseException($"Invalid output format: {formatText}");
        }

        return new OutputOptions(format, Field.Value.Length == 0 ? null : Field.Value);
    }

    /// <exception cref="ClientConfigurationException">The address or a TLS variable is unusable.</exception>
    public ClientSettings ResolveClient(CliEnvironment environment)
    {
        var addressText = Address.IsSet ? Address.Value : environment.FirstNonEmptyValue("COFFER_ADDR", "VAULT_ADDR") ?? ClientSettings.DefaultAddress;
        if (!Uri.TryCreate(addressText, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new ClientConfigurationException($"Error parsing address \"{addressText}\": expected an http:// or https:// URL");
        }

        return new ClientSettings(
            address,
            Token: environment.FirstNonEmptyValue("COFFER_TOKEN", "VAULT_TOKEN")
                ?? TokenHelper.ReadStoredToken(TokenHelper.HomeDirectory(environment)),
            Namespace: NonEmpty(Namespace.IsSet ? Namespace.Value : environment.FirstNonEmptyValue("COFFER_NAMESPACE", "VAULT_NAMESPACE")),
            CaCertPath: NonEmpty(CaCert.IsSet ? CaCert.Value : environment.FirstNonEmptyValue("COFFER_CACERT", "VAULT_CACERT")),
            TlsSkipVerify: TlsSkipVerify.IsSet ? TlsSkipVerify.Value : SkipVerifyFromEnvironment(environment),
            WrapTtl: NonEmpty(WrapTtl.Text) ?? environment.FirstNonEmptyValue("COFFER_WRAP_TTL", "VAULT_WRAP_TTL"));
    }

    private static bool SkipVerifyFromEnvironment(CliEnvironment environment)
    {
        if (environment.FirstNonEmpty("COFFER_SKIP_VERIFY", "VAULT_SKIP_VERIFY") is not { } found)
        {
            return false;
        }

        var (name, value) = found;
        return GoBoolean.TryParse(value, out var skip)
            ? skip
            : throw new ClientConfigurationException($"could not parse {name}: \"{value}\" is not a boolean");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
