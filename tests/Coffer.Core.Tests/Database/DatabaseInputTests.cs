using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Engines.Database;

namespace Coffer.Core.Tests.Database;

/// <summary>Request validation of configs and roles; none of these needs a database.</summary>
public sealed class DatabaseInputTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void ConfigNeedsThePostgresPluginAndAUrl()
    {
        Assert.Contains("plugin", Assert.Throws<CofferError>(() => DatabaseBackend.ParseConfig(Json("""{"connection_url":"postgres://h/db"}"""), null)).Message);
        Assert.Contains("unsupported plugin_name", Assert.Throws<CofferError>(() =>
            DatabaseBackend.ParseConfig(Json("""{"plugin_name":"mysql-database-plugin","connection_url":"x"}"""), null)).Message);
        Assert.Contains("connection_url", Assert.Throws<CofferError>(() =>
            DatabaseBackend.ParseConfig(Json("""{"plugin_name":"postgresql-database-plugin"}"""), null)).Message);
        Assert.Throws<CofferError>(() =>
            DatabaseBackend.ParseConfig(Json("""{"plugin_name":"postgresql-database-plugin","connection_url":"postgres://h:99999/db"}"""), null));
    }

    [Fact]
    public void ConfigReadsListsAndKeepsUnsentFieldsOnUpdate()
    {
        var config = DatabaseBackend.ParseConfig(Json("""
            {"plugin_name":"postgresql-database-plugin","connection_url":"postgres://{{username}}:{{password}}@h/db",
             "username":"root","password":"pw","allowed_roles":"a, b","max_open_connections":"7","verify_connection":"false"}
            """), null);
        Assert.Equal(["a", "b"], config.AllowedRoles);
        Assert.Equal(7, config.MaxOpenConnections);
        Assert.False(config.VerifyConnection);

        var updated = DatabaseBackend.ParseConfig(Json("""{"allowed_roles":["c"]}"""), config);
        Assert.Equal("pw", updated.Password);
        Assert.Equal("root", updated.Username);
        Assert.Equal(config.ConnectionUrl, updated.ConnectionUrl);
        Assert.Equal(["c"], updated.AllowedRoles);
        Assert.True(updated.VerifyConnection);
    }

    [Fact]
    public void DescribeNeverShowsThePassword()
    {
        var config = new DatabaseConfig { ConnectionUrl = "postgres://{{username}}:{{password}}@h/db", Username = "root", Password = "hunter2-secret" };
        var text = config.Describe().ToJsonString();
        Assert.DoesNotContain("hunter2-secret", text);
        Assert.Contains("connection_details", text);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("a,b", "b", true)]
    [InlineData("a,b", "c", false)]
    [InlineData("app-*", "app-reader", true)]
    [InlineData("app-*", "other", false)]
    [InlineData("", "a", false)]
    public void AllowedRolesMatchLikeVault(string allowed, string role, bool expected)
    {
        var config = new DatabaseConfig { AllowedRoles = allowed.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList() };
        Assert.Equal(expected, config.AllowsRole(role));
    }

    [Fact]
    public void RoleNeedsDbNameAndCreationStatements()
    {
        Assert.Throws<CofferError>(() => DatabaseDynamicRoles.ParseRole(Json("""{"creation_statements":"SELECT 1"}"""), null));
        Assert.Throws<CofferError>(() => DatabaseDynamicRoles.ParseRole(Json("""{"db_name":"pg"}"""), null));
        Assert.Throws<CofferError>(() => DatabaseDynamicRoles.ParseRole(Json("""{"db_name":"pg","creation_statements":"x","default_ttl":"2h","max_ttl":"1h"}"""), null));
        Assert.Throws<CofferError>(() => DatabaseDynamicRoles.ParseRole(Json("""{"db_name":"pg","creation_statements":"x","default_ttl":"soon"}"""), null));
        var role = DatabaseDynamicRoles.ParseRole(Json("""{"db_name":"pg","creation_statements":["a","b"],"default_ttl":"1h","max_ttl":86400}"""), null);
        Assert.Equal(3600, role.DefaultTtlSeconds);
        Assert.Equal(86400, role.MaxTtlSeconds);
        Assert.Equal(["a", "b"], role.CreationStatements);
    }

    [Fact]
    public void StaticRoleNeedsUsernamePeriodOfFiveSecondsAndKeepsItsUsername()
    {
        Assert.Throws<CofferError>(() => DatabaseStaticRoles.Parse(Json("""{"db_name":"pg","rotation_period":"1h"}"""), null));
        Assert.Throws<CofferError>(() => DatabaseStaticRoles.Parse(Json("""{"db_name":"pg","username":"u"}"""), null));
        Assert.Throws<CofferError>(() => DatabaseStaticRoles.Parse(Json("""{"db_name":"pg","username":"u","rotation_period":"4s"}"""), null));
        var role = DatabaseStaticRoles.Parse(Json("""{"db_name":"pg","username":"u","rotation_period":"5s"}"""), null);
        Assert.Equal(5, role.RotationPeriodSeconds);
        Assert.Contains("username", Assert.Throws<CofferError>(() => DatabaseStaticRoles.Parse(Json("""{"username":"other"}"""), role)).Message);
    }

    [Fact]
    public void ErrorsAreScrubbedOfSecrets()
    {
        var config = new DatabaseConfig { ConnectionUrl = "postgres://root:p@ss w0rd@h/db", Password = "p@ss w0rd" };
        var text = PostgresConnections.Sanitize("failed with p@ss w0rd and p%40ss%20w0rd and gen-secret", config, "gen-secret");
        Assert.DoesNotContain("w0rd", text);
        Assert.DoesNotContain("gen-secret", text);
    }

    [Theory]
    [InlineData("ok-name.1")]
    [InlineData("a")]
    public void ValidNamesPass(string name) => Assert.Equal(name, DatabaseBackend.ValidName(name));

    [Theory]
    [InlineData("-lead")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void InvalidNamesAreRefused(string name) => Assert.Throws<CofferError>(() => DatabaseBackend.ValidName(name));
}
