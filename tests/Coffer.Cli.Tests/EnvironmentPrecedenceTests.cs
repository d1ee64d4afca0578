using Coffer.Cli.Api;
using Coffer.Cli.Commands;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;
using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests;

public sealed class EnvironmentPrecedenceTests : IDisposable
{
    private readonly TempHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void AddressDefaultsToLocalHttps()
    {
        Assert.Equal(new Uri("https://127.0.0.1:8200"), Client([]).Address);
    }

    [Fact]
    public void CofferAddrWinsOverVaultAddr()
    {
        var settings = Client([], ("COFFER_ADDR", "http://coffer:1"), ("VAULT_ADDR", "http://vault:2"));

        Assert.Equal(new Uri("http://coffer:1"), settings.Address);
    }

    [Fact]
    public void VaultAddrIsUsedWhenCofferAddrIsUnsetOrEmpty()
    {
        Assert.Equal(new Uri("http://vault:2"), Client([], ("VAULT_ADDR", "http://vault:2")).Address);
        Assert.Equal(new Uri("http://vault:2"), Client([], ("COFFER_ADDR", ""), ("VAULT_ADDR", "http://vault:2")).Address);
    }

    [Fact]
    public void AddressFlagWinsOverEnvironment()
    {
        var settings = Client(["-address=http://flag:3"], ("COFFER_ADDR", "http://coffer:1"), ("VAULT_ADDR", "http://vault:2"));

        Assert.Equal(new Uri("http://flag:3"), settings.Address);
    }

    [Fact]
    public void InvalidAddressIsAConfigurationError()
    {
        Assert.Throws<ClientConfigurationException>(() => Client(["-address=127.0.0.1:8200"]));
    }

    [Fact]
    public void CofferTokenWinsOverVaultToken()
    {
        Assert.Equal("coffer", Client([], ("COFFER_TOKEN", "coffer"), ("VAULT_TOKEN", "vault")).Token);
        Assert.Equal("vault", Client([], ("VAULT_TOKEN", "vault")).Token);
    }

    [Fact]
    public void TokenFileIsReadOnlyWhenNoTokenVariableIsSet()
    {
        File.WriteAllText(_home.TokenFile, "s.from-file\n");

        Assert.Equal("s.from-file", Client([], ("HOME", _home.Path)).Token);
        Assert.Equal("vault", Client([], ("HOME", _home.Path), ("VAULT_TOKEN", "vault")).Token);
    }

    [Fact]
    public void NoTokenAnywhereMeansNoToken()
    {
        Assert.Null(Client([], ("HOME", _home.Path)).Token);
    }

    [Fact]
    public void NamespaceFlagThenCofferThenVault()
    {
        Assert.Equal("flag", Client(["-namespace=flag"], ("COFFER_NAMESPACE", "c"), ("VAULT_NAMESPACE", "v")).Namespace);
        Assert.Equal("short", Client(["-ns=short"]).Namespace);
        Assert.Equal("c", Client([], ("COFFER_NAMESPACE", "c"), ("VAULT_NAMESPACE", "v")).Namespace);
        Assert.Equal("v", Client([], ("VAULT_NAMESPACE", "v")).Namespace);
    }

    [Fact]
    public void WrapTtlFlagThenCofferThenVault()
    {
        Assert.Equal("60s", Client(["-wrap-ttl=60s"], ("COFFER_WRAP_TTL", "2m"), ("VAULT_WRAP_TTL", "3m")).WrapTtl);
        Assert.Equal("2m", Client([], ("COFFER_WRAP_TTL", "2m"), ("VAULT_WRAP_TTL", "3m")).WrapTtl);
        Assert.Equal("3m", Client([], ("VAULT_WRAP_TTL", "3m")).WrapTtl);
        Assert.Null(Client([]).WrapTtl);
    }

    [Fact]
    public void CaCertFlagThenCofferThenVault()
    {
        Assert.Equal("/flag.pem", Client(["-ca-cert=/flag.pem"], ("COFFER_CACERT", "/c.pem")).CaCertPath);
        Assert.Equal("/c.pem", Client([], ("COFFER_CACERT", "/c.pem"), ("VAULT_CACERT", "/v.pem")).CaCertPath);
        Assert.Equal("/v.pem", Client([], ("VAULT_CACERT", "/v.pem")).CaCertPath);
    }

    [Fact]
    public void SkipVerifyFromEnvironmentAndFlag()
    {
        Assert.False(Client([]).TlsSkipVerify);
        Assert.True(Client([], ("VAULT_SKIP_VERIFY", "true")).TlsSkipVerify);
        Assert.False(Client([], ("COFFER_SKIP_VERIFY", "0"), ("VAULT_SKIP_VERIFY", "1")).TlsSkipVerify);
        Assert.True(Client(["-tls-skip-verify"]).TlsSkipVerify);
        Assert.False(Client(["-tls-skip-verify=false"], ("COFFER_SKIP_VERIFY", "1")).TlsSkipVerify);
    }

    [Fact]
    public void UnparsableSkipVerifyIsAConfigurationError()
    {
        var error = Assert.Throws<ClientConfigurationException>(() => Client([], ("COFFER_SKIP_VERIFY", "sure")));

        Assert.Contains("COFFER_SKIP_VERIFY", error.Message);
    }

    [Fact]
    public void FormatFlagThenCofferThenVaultThenTable()
    {
        Assert.Equal(OutputFormat.Table, Output([]).Format);
        Assert.Equal(OutputFormat.Json, Output([], ("VAULT_FORMAT", "json")).Format);
        Assert.Equal(OutputFormat.Table, Output([], ("COFFER_FORMAT", "table"), ("VAULT_FORMAT", "json")).Format);
        Assert.Equal(OutputFormat.Json, Output(["-format=JSON"], ("COFFER_FORMAT", "table")).Format);
    }

    [Fact]
    public void UnknownFormatIsAUsageError()
    {
        var error = Assert.Throws<FlagParseException>(() => Output(["-format=yaml"]));

        Assert.Equal("Invalid output format: yaml", error.Message);
    }

    [Fact]
    public void FieldFlagIsCarriedToOutput()
    {
        Assert.Equal("password", Output(["-field=password"]).Field);
        Assert.Null(Output([]).Field);
    }

    private static ClientSettings Client(string[] args, params (string Name, string Value)[] variables)
    {
        var (globals, environment) = Parse(args, variables);
        return globals.ResolveClient(environment);
    }

    private static OutputOptions Output(string[] args, params (string Name, string Value)[] variables)
    {
        var (globals, environment) = Parse(args, variables);
        return globals.ResolveOutput(environment);
    }

    private static (GlobalFlags Globals, CliEnvironment Environment) Parse(string[] args, (string Name, string Value)[] variables)
    {
        var flags = new FlagSet();
        var globals = GlobalFlags.AddTo(flags);
        flags.Parse(args);
        var environment = new CliEnvironment(variables.ToDictionary(v => v.Name, v => v.Value));
        return (globals, environment);
    }
}
