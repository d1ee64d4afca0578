using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Auth;

namespace Coffer.Core.Tests.Auth;

public sealed class TokenFieldsTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void ParsesWeaklyTypedFields()
    {
        var fields = new TokenFields();
        fields.Apply(Json("""
            {"token_ttl":"1h","token_max_ttl":7200,"token_explicit_max_ttl":"3h","token_period":"0",
             "token_policies":"Dev, ops,,dev","token_bound_cidrs":["10.0.0.0/8","127.0.0.1/32"],
             "token_no_default_policy":"true","token_num_uses":"3","token_type":"service"}
            """), LegacyTokenAliases.Userpass);
        Assert.Equal(3600, fields.TtlSeconds);
        Assert.Equal(7200, fields.MaxTtlSeconds);
        Assert.Equal(10800, fields.ExplicitMaxTtlSeconds);
        Assert.Equal(["dev", "ops"], fields.Policies);
        Assert.Equal(["10.0.0.0/8", "127.0.0.1"], fields.BoundCidrs);
        Assert.True(fields.NoDefaultPolicy);
        Assert.Equal(3, fields.NumUses);
        Assert.Equal("service", fields.Type);
    }

    [Fact]
    public void ReadDataHasIntegerDurationsAndAllNames()
    {
        var fields = new TokenFields();
        fields.Apply(Json("""{"token_ttl":"30m"}"""), LegacyTokenAliases.Userpass);
        var data = new JsonObject();
        fields.WriteTo(data, LegacyTokenAliases.Userpass);
        Assert.Equal(1800, data["token_ttl"]!.GetValue<long>());
        Assert.Equal(0, data["token_max_ttl"]!.GetValue<long>());
        Assert.Equal("default", data["token_type"]!.GetValue<string>());
        Assert.Empty(data["token_policies"]!.AsArray());
        Assert.Empty(data["token_bound_cidrs"]!.AsArray());
        Assert.Null(data["ttl"]);
        Assert.Null(data["policies"]);
    }

    [Fact]
    public void LegacyNamesFeedTheNewFieldsAndAreEchoedUntilReplaced()
    {
        var fields = new TokenFields();
        fields.Apply(Json("""{"policies":"a,b","ttl":"10m","max_ttl":"1h","bound_cidrs":"10.0.0.0/8"}"""), LegacyTokenAliases.Userpass);
        Assert.Equal(["a", "b"], fields.Policies);
        Assert.Equal(600, fields.TtlSeconds);
        var data = new JsonObject();
        fields.WriteTo(data, LegacyTokenAliases.Userpass);
        Assert.Equal(600, data["ttl"]!.GetValue<long>());
        Assert.Equal(3600, data["max_ttl"]!.GetValue<long>());
        Assert.Equal(["a", "b"], data["policies"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(["10.0.0.0/8"], data["bound_cidrs"]!.AsArray().Select(p => p!.GetValue<string>()));

        fields.Apply(Json("""{"token_policies":["c"],"policies":"ignored"}"""), LegacyTokenAliases.Userpass);
        var after = new JsonObject();
        fields.WriteTo(after, LegacyTokenAliases.Userpass);
        Assert.Equal(["c"], fields.Policies);
        Assert.Null(after["policies"]);
        Assert.Equal(600, after["ttl"]!.GetValue<long>());
    }

    [Fact]
    public void AppRoleHasNoTtlAlias()
    {
        var fields = new TokenFields();
        fields.Apply(Json("""{"ttl":"10m","period":"1h"}"""), LegacyTokenAliases.AppRole);
        Assert.Equal(0, fields.TtlSeconds);
        Assert.Equal(3600, fields.PeriodSeconds);
    }

    [Theory]
    [InlineData("""{"token_ttl":"soon"}""")]
    [InlineData("""{"token_ttl":-5}""")]
    [InlineData("""{"token_num_uses":"many"}""")]
    [InlineData("""{"token_num_uses":-1}""")]
    [InlineData("""{"token_no_default_policy":"maybe"}""")]
    [InlineData("""{"token_type":"weird"}""")]
    [InlineData("""{"token_bound_cidrs":"10.0.0.0/33"}""")]
    [InlineData("""{"token_bound_cidrs":{"a":1}}""")]
    [InlineData("""{"token_policies":[{"x":1}]}""")]
    [InlineData("""{"token_ttl":"2h","token_max_ttl":"1h"}""")]
    [InlineData("""{"token_type":"batch","token_period":"1h"}""")]
    [InlineData("""{"token_type":"batch","token_num_uses":2}""")]
    public void RejectsBadValuesWith400(string json)
    {
        var error = Assert.Throws<CofferError>(() => new TokenFields().Apply(Json(json), LegacyTokenAliases.Userpass));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public void LoginAuthCarriesTheSettings()
    {
        var fields = new TokenFields();
        fields.Apply(Json("""{"token_policies":"p","token_ttl":60,"token_max_ttl":120,"token_type":"batch","token_no_default_policy":true}"""),
            LegacyTokenAliases.Userpass);
        var auth = fields.ToLoginAuth();
        Assert.Equal(["p"], auth.Policies);
        Assert.Equal(60, auth.TtlSeconds);
        Assert.Equal(120, auth.MaxTtlSeconds);
        Assert.Equal("batch", auth.TokenType);
        Assert.False(auth.Renewable);
        Assert.True(auth.NoDefaultPolicy);
    }

    [Fact]
    public void StringListsAcceptArraysAndCommaStrings()
    {
        Assert.Equal(["a", "b"], StringListField.Get(Json("""{"x":"a, b,"}"""), "x"));
        Assert.Equal(["a", "b"], StringListField.Get(Json("""{"x":[" a ","b"]}"""), "x"));
        Assert.Equal([], StringListField.Get(Json("""{"x":""}"""), "x"));
        Assert.Null(StringListField.Get(Json("{}"), "x"));
        Assert.Throws<CofferError>(() => StringListField.Get(Json("""{"x":{"a":"b"}}"""), "x"));
    }
}
