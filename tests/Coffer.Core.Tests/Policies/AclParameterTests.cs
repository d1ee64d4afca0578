using System.Text.Json.Nodes;
using Coffer.Core.Access.Policies;
using Coffer.Core.Routing;
using static Coffer.Core.Tests.Policies.PolicyTestSupport;

namespace Coffer.Core.Tests.Policies;

/// <summary><c>required_parameters</c>, <c>allowed_parameters</c> and <c>denied_parameters</c> on the top-level request keys.</summary>
public sealed class AclParameterTests
{
    private static bool Allowed(Acl acl, JsonObject data, Operation operation = Operation.Update) =>
        acl.Check("a", operation, data).Allowed;

    [Fact]
    public void RequiredParametersMustBePresent()
    {
        var acl = AclOf("""path "a" { capabilities = ["create", "update", "read", "delete"] required_parameters = ["owner"] }""");

        Assert.False(Allowed(acl, new JsonObject()));
        Assert.False(Allowed(acl, new JsonObject { ["other"] = "x" }, Operation.Create));
        Assert.True(Allowed(acl, new JsonObject { ["owner"] = "bob" }));
        // Only operations that carry parameters are checked.
        Assert.True(Allowed(acl, new JsonObject(), Operation.Delete));
    }

    [Fact]
    public void AllowedParametersRestrictNamesAndValues()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "color" = ["red", "blue"]  "size" = [] } }""");

        Assert.True(Allowed(acl, new JsonObject { ["color"] = "red" }));
        Assert.True(Allowed(acl, new JsonObject { ["size"] = "anything" }));
        Assert.False(Allowed(acl, new JsonObject { ["color"] = "green" }));
        Assert.False(Allowed(acl, new JsonObject { ["shape"] = "round" }));
        Assert.True(Allowed(acl, new JsonObject()));
    }

    [Fact]
    public void AStarNameAllowsUnlistedParameters()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "color" = ["red"]  "*" = [] } }""");

        Assert.True(Allowed(acl, new JsonObject { ["shape"] = "round" }));
        Assert.False(Allowed(acl, new JsonObject { ["color"] = "green" }));
    }

    [Fact]
    public void AllowedValuesGlobAtEitherEnd()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "name" = ["team-*", "*-prod", "*mid*"] } }""");

        Assert.True(Allowed(acl, new JsonObject { ["name"] = "team-a" }));
        Assert.True(Allowed(acl, new JsonObject { ["name"] = "app-prod" }));
        Assert.True(Allowed(acl, new JsonObject { ["name"] = "a-mid-b" }));
        Assert.False(Allowed(acl, new JsonObject { ["name"] = "staging" }));
    }

    [Fact]
    public void ALoneStarValueIsLiteralAsInVault()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "name" = ["*"] } }""");
        Assert.True(Allowed(acl, new JsonObject { ["name"] = "*" }));
        Assert.False(Allowed(acl, new JsonObject { ["name"] = "x" }));
    }

    [Fact]
    public void ValuesCompareByTheirStringForm()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "ttl" = [30, "1h"]  "flag" = [true] } }""");

        Assert.True(Allowed(acl, new JsonObject { ["ttl"] = 30 }));
        Assert.True(Allowed(acl, new JsonObject { ["ttl"] = "30" }));
        Assert.True(Allowed(acl, new JsonObject { ["flag"] = true }));
        Assert.False(Allowed(acl, new JsonObject { ["ttl"] = 31 }));
        Assert.False(Allowed(acl, new JsonObject { ["ttl"] = null }));
    }

    [Fact]
    public void EveryElementOfAListMustBeAllowed()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "policies" = ["dev-*", "default"] } }""");

        Assert.True(Allowed(acl, new JsonObject { ["policies"] = new JsonArray("default", "dev-a") }));
        Assert.False(Allowed(acl, new JsonObject { ["policies"] = new JsonArray("default", "admin") }));
    }

    [Fact]
    public void DeniedParametersRefuseListedValuesOrTheWholeParameter()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] denied_parameters = { "policies" = ["root", "admin*"]  "secret" = [] } }""");

        Assert.True(Allowed(acl, new JsonObject { ["policies"] = "dev" }));
        Assert.False(Allowed(acl, new JsonObject { ["policies"] = "admins" }));
        Assert.False(Allowed(acl, new JsonObject { ["policies"] = new JsonArray("dev", "root") }));
        Assert.False(Allowed(acl, new JsonObject { ["secret"] = "anything" }));
    }

    [Fact]
    public void AStarDeniedNameRefusesAnyParameter()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] denied_parameters = { "*" = [] } }""");
        Assert.False(Allowed(acl, new JsonObject { ["x"] = 1 }));
        Assert.True(Allowed(acl, new JsonObject()));
    }

    [Fact]
    public void DeniedWinsOverAllowed()
    {
        var acl = AclOf("""
            path "a" {
              capabilities = ["update"]
              allowed_parameters = { "color" = [] }
              denied_parameters = { "color" = ["red"] }
            }
            """);
        Assert.True(Allowed(acl, new JsonObject { ["color"] = "blue" }));
        Assert.False(Allowed(acl, new JsonObject { ["color"] = "red" }));
    }

    [Fact]
    public void ParameterNamesInPoliciesAreCaseInsensitive()
    {
        var acl = AclOf("""path "a" { capabilities = ["update"] allowed_parameters = { "Color" = [] } }""");
        Assert.True(Allowed(acl, new JsonObject { ["COLOR"] = "x" }));
    }
}
