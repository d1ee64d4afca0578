using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

/// <summary>Operations, sudo and response-wrapping limits.</summary>
public sealed class AclCheckTests
{
    [Theory]
    [InlineData(Operation.Read, "read")]
    [InlineData(Operation.Create, "create")]
    [InlineData(Operation.Update, "update")]
    [InlineData(Operation.Patch, "patch")]
    [InlineData(Operation.Delete, "delete")]
    [InlineData(Operation.List, "list")]
    public void EachOperationNeedsItsOwnCapability(Operation operation, string capability)
    {
        var exact = AclOf($$"""path "a/" { capabilities = ["{{capability}}"] }""");
        Assert.True(exact.Check("a/", operation).Allowed);

        var everythingElse = new[] { "read", "create", "update", "patch", "delete", "list" }.Where(c => c != capability);
        var others = AclOf($$"""path "a/" { capabilities = [{{string.Join(", ", everythingElse.Select(c => $"\"{c}\""))}}] }""");
        Assert.False(others.Check("a/", operation).Allowed);
    }

    [Fact]
    public void SudoIsNeededOnRootProtectedPaths()
    {
        var withSudo = AclOf("""path "sys/audit/*" { capabilities = ["update", "sudo"] }""");
        var without = AclOf("""path "sys/audit/*" { capabilities = ["update"] }""");

        var granted = withSudo.Check("sys/audit/file", Operation.Update, sudoRequired: true);
        Assert.True(granted.Allowed);
        Assert.True(granted.RootPrivileges);

        var refused = without.Check("sys/audit/file", Operation.Update, sudoRequired: true);
        Assert.False(refused.Allowed);
        Assert.False(refused.RootPrivileges);
        Assert.True(without.Check("sys/audit/file", Operation.Update).Allowed);
    }

    [Fact]
    public void SudoAloneGrantsNoOperation()
    {
        var acl = AclOf("""path "sys/rotate" { capabilities = ["sudo"] }""");
        var decision = acl.Check("sys/rotate", Operation.Update, sudoRequired: true);
        Assert.False(decision.Allowed);
        Assert.True(decision.RootPrivileges);
    }

    [Fact]
    public void AMaximumWrappingTtlMakesWrappingMandatoryAndBounded()
    {
        var acl = AclOf("""path "a" { capabilities = ["read"] max_wrapping_ttl = "1m" }""");

        Assert.False(acl.Check("a", Operation.Read).Allowed);
        Assert.True(acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(60)).Allowed);
        Assert.False(acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(61)).Allowed);
    }

    [Fact]
    public void AMinimumWrappingTtlMakesWrappingMandatoryAndBounded()
    {
        var acl = AclOf("""path "a" { capabilities = ["read"] min_wrapping_ttl = 10 }""");

        Assert.False(acl.Check("a", Operation.Read).Allowed);
        Assert.False(acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(9)).Allowed);
        var decision = acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(10));
        Assert.True(decision.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(10), decision.MinWrappingTtl);
        Assert.Null(decision.MaxWrappingTtl);
    }

    [Fact]
    public void MergedWrappingLimitsThatCrossCannotBeMet()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["read"] min_wrapping_ttl = 100 }""",
            """path "a" { capabilities = ["read"] max_wrapping_ttl = 50 }""");
        Assert.False(acl.Check("a", Operation.Read, wrapTtl: TimeSpan.FromSeconds(50)).Allowed);
    }

    [Fact]
    public void CapabilitiesAreSortedAndDenyWhenNothingIsGranted()
    {
        var acl = AclOf(
            """path "a" { capabilities = ["update", "sudo", "create", "read"] }""",
            """path "b" { capabilities = [] }""");

        Assert.Equal(["create", "read", "sudo", "update"], acl.Capabilities("a"));
        Assert.Equal(["deny"], acl.Capabilities("b"));
        Assert.Equal(["deny"], acl.Capabilities("c"));
    }

    [Fact]
    public void TemplatedBlocksApplyOnlyWhenTheirValuesAreKnown()
    {
        var policy = PolicyParser.Parse("p", """path "secret/{{identity.entity.name}}/*" { capabilities = ["read"] }""");

        Assert.False(Acl.Compile([policy]).Check("secret/alice/x", Operation.Read).Allowed);
        Assert.False(Acl.Compile([policy], _ => null).Check("secret/alice/x", Operation.Read).Allowed);

        var alice = Acl.Compile([policy], expression => expression == "identity.entity.name" ? "alice" : null);
        Assert.True(alice.Check("secret/alice/x", Operation.Read).Allowed);
        Assert.False(alice.Check("secret/bob/x", Operation.Read).Allowed);
    }

    [Fact]
    public void ATemplateValueThatWouldWidenThePatternDropsTheBlock()
    {
        var policy = PolicyParser.Parse("p", """path "secret/{{identity.entity.name}}" { capabilities = ["read"] }""");
        Assert.Empty(Acl.Compile([policy], _ => "a*").Rules);
        Assert.Empty(Acl.Compile([policy], _ => "+").Rules);
        Assert.Single(Acl.Compile([policy], _ => "a").Rules);
    }
}
