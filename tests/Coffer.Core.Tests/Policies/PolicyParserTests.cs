using Coffer.Core.Access.Policies;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

public sealed class PolicyParserTests
{
    [Fact]
    public void ParsesHclBlocksInOrderAndKeepsTheTextVerbatim()
    {
        const string text = """
            # operators
            name = "ignored"
            path "secret/*" {
              capabilities = ["read", "list"]
            }
            path "/sys/mounts" {
              capabilities = ["read"]
            }
            """;
        var policy = PolicyParser.Parse("ops", text);

        Assert.Equal("ops", policy.Name);
        Assert.Equal(text, policy.Text);
        Assert.Equal(["secret/*", "sys/mounts"], policy.Rules.Select(r => r.Path));
        Assert.Equal(Capability.Read | Capability.List, policy.Rules[0].Capabilities);
        Assert.Equal(PathPatternKind.Prefix, policy.Rules[0].Pattern!.Kind);
        Assert.Equal(PathPatternKind.Exact, policy.Rules[1].Pattern!.Kind);
    }

    [Fact]
    public void ParsesTheJsonForm()
    {
        const string text = """
            {
              "path": {
                "secret/+/config": { "capabilities": ["update", "patch"] },
                "auth/token/lookup-self": { "policy": "read" }
              }
            }
            """;
        var policy = PolicyParser.Parse("json", text);

        Assert.Equal(2, policy.Rules.Count);
        Assert.Equal(PathPatternKind.SegmentWildcard, policy.Rules[0].Pattern!.Kind);
        Assert.Equal(Capability.Update | Capability.Patch, policy.Rules[0].Capabilities);
        Assert.Equal(Capability.Read | Capability.List, policy.Rules[1].Capabilities);
    }

    [Theory]
    [InlineData("create", Capability.Create)]
    [InlineData("read", Capability.Read)]
    [InlineData("update", Capability.Update)]
    [InlineData("patch", Capability.Patch)]
    [InlineData("delete", Capability.Delete)]
    [InlineData("list", Capability.List)]
    [InlineData("sudo", Capability.Sudo)]
    [InlineData("deny", Capability.Deny)]
    [InlineData("subscribe", Capability.Subscribe)]
    [InlineData("recover", Capability.Recover)]
    public void AcceptsEveryCapability(string name, Capability expected)
    {
        var policy = PolicyParser.Parse("p", $$"""path "a" { capabilities = ["{{name}}"] }""");
        Assert.Equal(expected, policy.Rules[0].Capabilities);
    }

    [Theory]
    [InlineData("deny", Capability.Deny)]
    [InlineData("read", Capability.Read | Capability.List)]
    [InlineData("write", Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List)]
    [InlineData("sudo", Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List | Capability.Sudo)]
    public void MapsTheLegacyPolicyShorthand(string shorthand, Capability expected)
    {
        var policy = PolicyParser.Parse("p", $$"""path "a" { policy = "{{shorthand}}" }""");
        Assert.Equal(expected, policy.Rules[0].Capabilities);
    }

    [Fact]
    public void LegacyShorthandAddsToListedCapabilities()
    {
        var policy = PolicyParser.Parse("p", """path "a" { policy = "read"  capabilities = ["patch"] }""");
        Assert.Equal(Capability.Read | Capability.List | Capability.Patch, policy.Rules[0].Capabilities);
    }

    [Fact]
    public void RejectsAnUnknownLegacyShorthand()
    {
        var error = AssertBadRequest(() => PolicyParser.Parse("p", """path "a" { policy = "admin" }"""));
        Assert.Equal("failed to parse policy: path \"a\": invalid policy \"admin\"", error.Message);
    }

    [Theory]
    [InlineData("Read")]
    [InlineData("write")]
    [InlineData("root")]
    public void RejectsAnUnknownCapability(string capability)
    {
        var error = AssertBadRequest(() =>
            PolicyParser.Parse("p", $$"""path "secret/x" { capabilities = ["read", "{{capability}}"] }"""));
        Assert.Equal($"failed to parse policy: path \"secret/x\": invalid capability \"{capability}\"", error.Message);
    }

    [Fact]
    public void DenyKeepsOnlyDeny()
    {
        var policy = PolicyParser.Parse("p", """path "a" { capabilities = ["read", "deny", "sudo"] }""");
        Assert.Equal(Capability.Deny, policy.Rules[0].Capabilities);
    }

    [Theory]
    [InlineData("secret/*/config")]
    [InlineData("*secret")]
    [InlineData("secret/**")]
    public void RejectsAStarAnywhereButAtTheEnd(string path)
    {
        var error = AssertBadRequest(() => PolicyParser.Parse("p", $$"""path "{{path}}" { capabilities = ["read"] }"""));
        Assert.Contains("'*' is only allowed at the end", error.Message);
        Assert.StartsWith("failed to parse policy: path ", error.Message);
    }

    [Fact]
    public void RejectsPlusStar()
    {
        var error = AssertBadRequest(() => PolicyParser.Parse("p", """path "secret/+*" { capabilities = ["read"] }"""));
        Assert.Equal("failed to parse policy: path \"secret/+*\": invalid use of wildcards ('+*' is forbidden)", error.Message);
    }

    [Fact]
    public void AcceptsRepeatedPlusCombinedWithATrailingStar()
    {
        var pattern = PolicyParser.Parse("p", """path "+/a/+/b*" { capabilities = ["read"] }""").Rules[0].Pattern!;
        Assert.Equal(PathPatternKind.SegmentWildcard, pattern.Kind);
        Assert.True(pattern.IsPrefix);
        Assert.Equal(2, pattern.WildcardSegments);
        Assert.Equal(0, pattern.FirstWildcardIndex);
    }

    [Fact]
    public void ReportsMalformedHclWithItsPosition()
    {
        const string text = "path \"a\" {\n  capabilities = [\"read\"\n}\n";
        var error = AssertBadRequest(() => PolicyParser.Parse("p", text));
        Assert.Matches(@"^failed to parse policy: At \d+:\d+: ", error.Message);
    }

    [Fact]
    public void ReportsMalformedJsonWithItsPosition()
    {
        var error = AssertBadRequest(() => PolicyParser.Parse("p", "{\n  \"path\": {\n    \"a\": { \"capabilities\": [\"read\",] }\n  }\n}"));
        Assert.StartsWith("failed to parse policy: At 3:", error.Message);
    }

    [Fact]
    public void RejectsUnknownKeysWithTheirLine()
    {
        var topLevel = AssertBadRequest(() => PolicyParser.Parse("p", "path \"a\" {}\nrules = 1\n"));
        Assert.Equal("failed to parse policy: invalid key \"rules\" on line 2", topLevel.Message);

        var inBlock = AssertBadRequest(() => PolicyParser.Parse("p", "path \"a\" {\n  capabilitys = [\"read\"]\n}"));
        Assert.Equal("failed to parse policy: path \"a\": invalid key \"capabilitys\" on line 2", inBlock.Message);
    }

    [Fact]
    public void AcceptsOptionalEnterpriseKeysAndComments()
    {
        const string text = """
            path "a" {
              comment = "why"
              capabilities = ["read"]
              mfa_methods = ["totp"]
              subscribe_event_types = ["kv*"]
              control_group = { factor "ops" { identity { group_names = ["ops"] approvals = 1 } } }
            }
            """;
        Assert.Equal(Capability.Read, PolicyParser.Parse("p", text).Rules[0].Capabilities);
    }

    [Fact]
    public void ReadsParameterConstraintsInEveryForm()
    {
        const string text = """
            path "a" {
              capabilities = ["update"]
              required_parameters = ["Owner", "ttl"]
              allowed_parameters = {
                "TTL" = [30, "1h", true]
                "name" = []
              }
              denied_parameters {
                "admin" = []
              }
            }
            """;
        var rule = PolicyParser.Parse("p", text).Rules[0];

        Assert.Equal(["Owner", "ttl"], rule.RequiredParameters);
        Assert.Equal(["30", "1h", "true"], rule.AllowedParameters!["ttl"]);
        Assert.Empty(rule.AllowedParameters["name"]);
        Assert.Empty(rule.DeniedParameters!["admin"]);
    }

    [Fact]
    public void ReadsWrappingTtlsAsSecondsOrDurations()
    {
        var rule = PolicyParser.Parse("p", """path "a" { capabilities = ["read"] min_wrapping_ttl = 90  max_wrapping_ttl = "1h" }""").Rules[0];
        Assert.Equal(TimeSpan.FromSeconds(90), rule.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromHours(1), rule.MaxWrappingTtl);

        var asStrings = PolicyParser.Parse("p", """path "a" { min_wrapping_ttl = "30"  max_wrapping_ttl = "5m" }""").Rules[0];
        Assert.Equal(TimeSpan.FromSeconds(30), asStrings.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromMinutes(5), asStrings.MaxWrappingTtl);
    }

    [Fact]
    public void RejectsAMaximumWrappingTtlBelowTheMinimum()
    {
        var error = AssertBadRequest(() =>
            PolicyParser.Parse("p", """path "a" { min_wrapping_ttl = "2m"  max_wrapping_ttl = "1m" }"""));
        Assert.Equal("failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl", error.Message);
    }

    [Fact]
    public void RejectsAnUnreadableWrappingTtl()
    {
        var error = AssertBadRequest(() => PolicyParser.Parse("p", """path "a" { max_wrapping_ttl = "soon" }"""));
        Assert.Equal("failed to parse policy: error parsing max_wrapping_ttl: invalid duration \"soon\"", error.Message);
    }

    [Fact]
    public void AcceptsIdentityTemplatesAndRejectsUnknownOnes()
    {
        var policy = PolicyParser.Parse("p", """path "secret/{{identity.entity.name}}/*" { capabilities = ["read"] }""");
        Assert.True(policy.IsTemplated);
        Assert.Null(policy.Rules[0].Pattern);

        var error = AssertBadRequest(() => PolicyParser.Parse("p", """path "secret/{{token.id}}" { capabilities = ["read"] }"""));
        Assert.StartsWith("failed to parse policy: failed to validate policy templating:", error.Message);
    }

    [Fact]
    public void AnEmptyPolicyHasNoRules()
    {
        Assert.Empty(PolicyParser.Parse("p", "").Rules);
        Assert.Empty(PolicyParser.Parse("p", "# nothing yet\n").Rules);
    }

    [Fact]
    public void TheBuiltInTextsParse()
    {
        var defaults = PolicyParser.Parse("default", BuiltinPolicies.DefaultText);
        Assert.Contains(defaults.Rules, r => r.Path == "cubbyhole/*");
        Assert.Contains(defaults.Rules, r => r.Path == "identity/oidc/provider/+/authorize");
        Assert.True(defaults.IsTemplated);
        Assert.Contains("# ", defaults.Text);

        var wrapping = PolicyParser.Parse("response-wrapping", BuiltinPolicies.ResponseWrappingText);
        Assert.Equal(["cubbyhole/response", "sys/wrapping/unwrap"], wrapping.Rules.Select(r => r.Path));
    }
}
