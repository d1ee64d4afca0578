using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Access;

/// <summary>spec/vault-api.md §8: response wrapping and <c>sys/wrapping/*</c>.</summary>
public sealed class WrappingTests(AccessServer fixture) : IClassFixture<AccessServer>
{
    private const string InvalidWrappingToken = "wrapping token is not valid or does not exist";
    private VaultApi Api => fixture.Api;
    private string Root => fixture.RootToken;

    [Fact]
    public async Task AnyReadCanBeWrappedAndUnwrappedOnceWithTheWrappingToken()
    {
        (await Api.PutAsync("secret/wrap/db", Root, """{"password":"wrapped-pw"}""")).ExpectNoContent();

        var wrapped = (await Api.GetAsync("secret/wrap/db", Root, VaultApi.WrapTtl("90s"))).ExpectOk();
        Assert.Equal("", wrapped.Body!["request_id"]!.GetValue<string>());
        Assert.Null(wrapped.Data);
        Assert.Null(wrapped.Auth);
        Assert.Equal(0, wrapped.Body!["lease_duration"]!.GetValue<long>());
        Assert.DoesNotContain("wrapped-pw", wrapped.RawBody);
        var info = wrapped.WrapInfo!;
        var token = info["token"]!.GetValue<string>();
        Assert.StartsWith("hvs.", token);
        Assert.Matches("^[A-Za-z0-9]{24}$", info["accessor"]!.GetValue<string>());
        Assert.Equal(90, info["ttl"]!.GetValue<long>());
        Assert.Equal("secret/wrap/db", info["creation_path"]!.GetValue<string>());
        Assert.Null(info["wrapped_accessor"]);
        var created = DateTimeOffset.Parse(info["creation_time"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(created, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        var lookup = (await Api.PostAsync("sys/wrapping/lookup", null, $$"""{"token":"{{token}}"}""")).ExpectOk();
        Assert.Equal("secret/wrap/db", lookup.String("creation_path"));
        Assert.Equal(90, lookup.Data!["creation_ttl"]!.GetValue<long>());
        Assert.Equal(created, DateTimeOffset.Parse(lookup.String("creation_time"), CultureInfo.InvariantCulture));
        (await Api.GetAsync("sys/wrapping/lookup?token=" + token, null)).ExpectOk();

        var unwrapped = (await Api.SendAsync("POST", "sys/wrapping/unwrap", token)).ExpectOk();
        Assert.Equal("wrapped-pw", unwrapped.String("password"));
        Assert.Equal(2764800, unwrapped.Body!["lease_duration"]!.GetValue<long>());
        Assert.Null(unwrapped.WrapInfo);

        (await Api.SendAsync("POST", "sys/wrapping/unwrap", token)).ExpectBadRequest(InvalidWrappingToken);
        (await Api.PostAsync("sys/wrapping/lookup", null, $$"""{"token":"{{token}}"}""")).ExpectBadRequest(InvalidWrappingToken);
    }

    [Fact]
    public async Task AnotherTokenCanUnwrapWithTheTokenInTheBody()
    {
        (await Api.PutAsync("secret/wrap/body", Root, """{"v":"via-body"}""")).ExpectNoContent();
        var token = (await Api.GetAsync("secret/wrap/body", Root, VaultApi.WrapTtl("5m"))).ExpectOk().WrapInfo!["token"]!.GetValue<string>();
        var bystander = await Api.TokenWithPoliciesAsync(Root, "default");
        var body = new JsonObject { ["token"] = token }.ToJsonString();

        Assert.Equal("via-body", (await Api.PostAsync("sys/wrapping/unwrap", bystander, body)).ExpectOk().String("v"));
        (await Api.PostAsync("sys/wrapping/unwrap", bystander, body)).ExpectBadRequest(InvalidWrappingToken);
        (await Api.PostAsync("sys/wrapping/unwrap", bystander, """{"token":"hvs.nonsense000000000000000000"}""")).ExpectBadRequest(InvalidWrappingToken);
        // A wrapping token is good for unwrapping and nothing else.
        var other = (await Api.GetAsync("secret/wrap/body", Root, VaultApi.WrapTtl("5m"))).ExpectOk().WrapInfo!["token"]!.GetValue<string>();
        (await Api.GetAsync("secret/wrap/body", other)).ExpectDenied();
    }

    [Fact]
    public async Task AWrappedTokenCreateNamesTheWrappedAccessor()
    {
        var wrapped = (await Api.PostAsync("auth/token/create", Root, """{"policies":["default"]}""", VaultApi.WrapTtl("1m"))).ExpectOk();
        Assert.Equal("auth/token/create", wrapped.WrapInfo!["creation_path"]!.GetValue<string>());
        var wrappedAccessor = wrapped.WrapInfo!["wrapped_accessor"]!.GetValue<string>();

        var unwrapped = (await Api.SendAsync("POST", "sys/wrapping/unwrap", wrapped.WrapInfo!["token"]!.GetValue<string>())).ExpectOk();
        Assert.Equal(wrappedAccessor, unwrapped.Auth!["accessor"]!.GetValue<string>());
        await Api.LookupSelfAsync(unwrapped.ClientToken);
    }

    [Fact]
    public async Task WrapRewrapAndUnwrapArbitraryData()
    {
        (await Api.PostAsync("sys/wrapping/wrap", Root, """{"a":"b","n":1}""")).ExpectBadRequest("X-Vault-Wrap-TTL");
        var wrapped = (await Api.PostAsync("sys/wrapping/wrap", Root, """{"a":"b","n":1}""", VaultApi.WrapTtl("120"))).ExpectOk();
        Assert.Equal("sys/wrapping/wrap", wrapped.WrapInfo!["creation_path"]!.GetValue<string>());
        Assert.Null(wrapped.Body!["a"]);
        var first = wrapped.WrapInfo!["token"]!.GetValue<string>();

        var rewrapped = (await Api.PostAsync("sys/wrapping/rewrap", Root, $$"""{"token":"{{first}}"}""")).ExpectOk();
        var second = rewrapped.WrapInfo!["token"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal(120, rewrapped.WrapInfo!["ttl"]!.GetValue<long>());
        Assert.Equal("sys/wrapping/wrap", rewrapped.WrapInfo!["creation_path"]!.GetValue<string>());
        (await Api.SendAsync("POST", "sys/wrapping/unwrap", first)).ExpectBadRequest(InvalidWrappingToken);

        var unwrapped = (await Api.SendAsync("POST", "sys/wrapping/unwrap", second)).ExpectOk();
        Assert.Equal("""{"a":"b","n":1}""", unwrapped.Data!.ToJsonString());
        Assert.Null(unwrapped.Body!["a"]);
    }

    [Fact]
    public async Task AnExpiredWrappingTokenIsRefused()
    {
        (await Api.PutAsync("secret/wrap/short", Root, """{"v":"1"}""")).ExpectNoContent();
        var token = (await Api.GetAsync("secret/wrap/short", Root, VaultApi.WrapTtl("1s"))).ExpectOk().WrapInfo!["token"]!.GetValue<string>();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await Api.SendAsync("POST", "sys/wrapping/unwrap", token)).ExpectBadRequest(InvalidWrappingToken);
        (await Api.PostAsync("sys/wrapping/unwrap", Root, $$"""{"token":"{{token}}"}""")).ExpectBadRequest(InvalidWrappingToken);
    }

    [Fact]
    public async Task PolicyWrappingTtlBoundsAreEnforced()
    {
        await Api.WritePolicyAsync(Root, "wrap-bounds", """
            path "secret/wrap/bounded" {
              capabilities     = ["read"]
              min_wrapping_ttl = "10s"
              max_wrapping_ttl = "1m"
            }
            """);
        (await Api.PutAsync("secret/wrap/bounded", Root, """{"v":"1"}""")).ExpectNoContent();
        var token = await Api.TokenWithPoliciesAsync(Root, "wrap-bounds");

        (await Api.GetAsync("secret/wrap/bounded", token)).ExpectDenied();
        (await Api.GetAsync("secret/wrap/bounded", token, VaultApi.WrapTtl("5s"))).ExpectDenied();
        (await Api.GetAsync("secret/wrap/bounded", token, VaultApi.WrapTtl("2m"))).ExpectDenied();
        Assert.Equal(30, (await Api.GetAsync("secret/wrap/bounded", token, VaultApi.WrapTtl("30s"))).ExpectOk().WrapInfo!["ttl"]!.GetValue<long>());
    }

    [Fact]
    public async Task BadWrapTtlHeadersAre400s()
    {
        foreach (var bad in new[] { "abc", "-5", "10x" })
        {
            (await Api.GetAsync("secret/wrap/db", Root, VaultApi.WrapTtl(bad))).ExpectBadRequest("X-Vault-Wrap-TTL");
        }
        await Api.AssertHealthyAsync();
    }

    [Fact]
    public async Task TheLegacyCubbyholeReadGivesTheEnvelopeAsAJsonString()
    {
        (await Api.PutAsync("secret/wrap/legacy", Root, """{"v":"old-way"}""")).ExpectNoContent();
        var token = (await Api.GetAsync("secret/wrap/legacy", Root, VaultApi.WrapTtl("1m"))).ExpectOk().WrapInfo!["token"]!.GetValue<string>();

        var read = (await Api.GetAsync("cubbyhole/response", token)).ExpectOk();
        var envelope = JsonNode.Parse(read.String("response"))!;
        Assert.Equal("old-way", envelope["data"]!["v"]!.GetValue<string>());
        // The read was the token's one use.
        (await Api.SendAsync("POST", "sys/wrapping/unwrap", token)).ExpectBadRequest(InvalidWrappingToken);
    }

    [Fact]
    public async Task AnEmptyListIsStillWrapped()
    {
        var wrapped = (await Api.ListAsync("secret/wrap-nothing-here", Root, VaultApi.WrapTtl("1m"))).ExpectOk();
        Assert.NotNull(wrapped.WrapInfo);
    }
}
