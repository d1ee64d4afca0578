using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

/// <summary>The same pattern in several policies (spec §3.8 step 4).</summary>
public sealed class AclMergeTests
{
    [Fact]
    public void CapabilitiesOfTheSamePatternAreUnioned()
    {
        var acl = AclOf(
            """path "secret/*" { capabilities = ["read"] }""",
            """path "secret/*" { capabilities = ["update"] }""");

        Assert.Equal(["read", "update"], acl.Capabilities("secret/x"));
        var decision = acl.Check("secret/x", Operation.Update);
        Assert.True(decision.Allowed);
        Assert.Equal(["p1"], decision.GrantingPolicies);
    }

    [Fact]
    public void GrantingPoliciesNameEveryContributorOfTheNeededCapability()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["read"] }""",
            """path "a" { capabilities = ["read", "list"] }""");
        Assert.Equal(["p0", "p1"], acl.Check("a", Operation.Read).GrantingPolicies);
        Assert.Equal(["p1"], acl.Check("a", Operation.List).GrantingPolicies);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DenyInAnyPolicyWinsWhicheverComesFirst(bool denyFirst)
    {
        const string deny = """path "secret/*" { capabilities = ["deny"] }""";
        const string grant = """path "secret/*" { capabilities = ["read", "sudo"] }""";
        var acl = denyFirst ? AclOf(deny, grant) : AclOf(grant, deny);

        var decision = acl.Check("secret/x", Operation.Read);
        Assert.False(decision.Allowed);
        Assert.False(decision.RootPrivileges);
        Assert.Equal(["deny"], acl.Capabilities("secret/x"));
    }

    [Fact]
    public void DenyOnOnePatternDoesNotTouchOtherPatterns()
    {
        var acl = AclOf(
            """path "secret/private" { capabilities = ["deny"] }""",
            """path "secret/*" { capabilities = ["read"] }""");
        Assert.False(acl.Check("secret/private", Operation.Read).Allowed);
        Assert.True(acl.Check("secret/public", Operation.Read).Allowed);
    }

    [Fact]
    public void DifferentPatternsAreNeverCombined()
    {
        var acl = AclOf(
            """path "secret/app/*" { capabilities = ["read"] }""",
            """path "secret/*" { capabilities = ["update"] }""");
        Assert.False(acl.Check("secret/app/x", Operation.Update).Allowed);
    }

    [Fact]
    public void ParameterMapsAreUnioned()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["update"] allowed_parameters = { "color" = ["red"] } }""",
            """path "a" { capabilities = ["update"] allowed_parameters = { "color" = ["blue"], "size" = [] } }""");

        Assert.True(acl.Check("a", Operation.Update, new() { ["color"] = "red" }).Allowed);
        Assert.True(acl.Check("a", Operation.Update, new() { ["color"] = "blue", ["size"] = 3 }).Allowed);
        Assert.False(acl.Check("a", Operation.Update, new() { ["color"] = "green" }).Allowed);
    }

    [Fact]
    public void AnEmptyValueListAbsorbsOtherValuesWhenMerging()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["update"] allowed_parameters = { "color" = ["red"] } }""",
            """path "a" { capabilities = ["update"] allowed_parameters = { "color" = [] } }""");
        Assert.True(acl.Check("a", Operation.Update, new() { ["color"] = "green" }).Allowed);
    }

    [Fact]
    public void RequiredParametersAreUnioned()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["update"] required_parameters = ["x"] }""",
            """path "a" { capabilities = ["update"] required_parameters = ["y"] }""");
        Assert.False(acl.Check("a", Operation.Update, new() { ["x"] = 1 }).Allowed);
        Assert.True(acl.Check("a", Operation.Update, new() { ["x"] = 1, ["y"] = 2 }).Allowed);
    }

    [Fact]
    public void WrappingLimitsKeepTheLowestValues()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["read"] min_wrapping_ttl = 10  max_wrapping_ttl = 300 }""",
            """path "a" { capabilities = ["read"] min_wrapping_ttl = 5   max_wrapping_ttl = 60 }""");

        var decision = acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(30));
        Assert.True(decision.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(5), decision.MinWrappingTtl);
        Assert.Equal(TimeSpan.FromSeconds(60), decision.MaxWrappingTtl);
        Assert.False(acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(120)).Allowed);
    }

    [Fact]
    public void TheRootPolicyAllowsEverything()
    {
        var acl = Acl.Compile([Policy.Root]);
        var decision = acl.Check("sys/raw/anything", Operation.Delete, sudoRequired: true);

        Assert.True(acl.IsRoot);
        Assert.True(decision.Allowed);
        Assert.True(decision.RootPrivileges);
        Assert.Equal(["root"], decision.GrantingPolicies);
        Assert.Equal(["root"], acl.Capabilities("anything"));
    }

    [Fact]
    public void APolicyMerelyNamedRootGrantsNothingExtra()
    {
        var acl = Acl.Compile([PolicyParser.Parse("root", """path "a" { capabilities = ["read"] }""")]);
        Assert.False(acl.IsRoot);
        Assert.False(acl.Check("b", Operation.Read).Allowed);
    }
}
