using System.Text.Json.Nodes;
using Coffer.Integration.Tests.Infrastructure;

namespace Coffer.Integration.Tests.Database;

/// <summary>
/// One PostgreSQL and one ready coffer server shared by every database test (starting PostgreSQL costs seconds).
/// Tests mount their own <c>database-…</c> path so they do not see each other's configs.
/// </summary>
public sealed class DatabaseTestEnvironment : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public ServerFixture Coffer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        Coffer = await ServerFixture.StartAsync();
        await Coffer.ReadyAsync();
    }

    public async Task DisposeAsync()
    {
        await Coffer.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>Mounts the database engine at a fresh path and returns that path (without slashes).</summary>
    public async Task<string> MountAsync()
    {
        var path = "database-" + Guid.NewGuid().ToString("N")[..8];
        using var client = Coffer.RootClient();
        using var response = await client.PostAsync($"/v1/sys/mounts/{path}", TestHttp.Json("""{"type":"database"}"""));
        response.EnsureSuccessStatusCode();
        return path;
    }

    /// <summary>A config named <c>pg</c> on <paramref name="mount"/> pointing at the test PostgreSQL as its superuser.</summary>
    public async Task ConfigureAsync(string mount, string allowedRoles = "*")
    {
        var body = new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = Postgres.ConnectionUrl,
            ["username"] = "postgres",
            ["password"] = Postgres.Password,
            ["allowed_roles"] = allowedRoles,
        };
        await SendAsync("POST", $"/v1/{mount}/config/pg", body.ToJsonString(), expect: 204);
    }

    /// <summary>A dynamic role <paramref name="role"/> on config <c>pg</c> that may log in and read a test table.</summary>
    public Task CreateRoleAsync(string mount, string role, string extra = "") =>
        SendAsync("POST", $"/v1/{mount}/roles/{role}", $$$"""
            {"db_name":"pg","creation_statements":["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';","GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";"]{{{extra}}}}
            """, expect: 204);

    public async Task<(int Status, JsonObject Body)> SendAsync(string method, string path, string? json = null, int? expect = null)
    {
        using var client = Coffer.RootClient();
        using var response = await client.SendAsync(TestHttp.Request(method, path, json));
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text)!.AsObject() : new JsonObject();
        if (expect is not null && (int)response.StatusCode != expect)
        {
            throw new Xunit.Sdk.XunitException($"{method} {path}: expected {expect}, got {(int)response.StatusCode}: {text}");
        }
        return ((int)response.StatusCode, body);
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DatabaseTestEnvironment>
{
    public const string Name = "database";
}
