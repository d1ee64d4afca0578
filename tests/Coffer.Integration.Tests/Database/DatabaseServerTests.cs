using System.Text.Json.Nodes;

namespace Coffer.Integration.Tests.Database;

/// <summary>The database engine through a real coffer server against a real PostgreSQL.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DatabaseServerTests(DatabaseTestEnvironment env)
{
    [Fact]
    public async Task ConfigIsVerifiedAndReadWithoutPassword()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount, "readonly,app-*");
        var (status, body) = await env.SendAsync("GET", $"/v1/{mount}/config/pg");
        Assert.Equal(200, status);
        var data = body["data"]!.AsObject();
        Assert.Equal("postgresql-database-plugin", (string?)data["plugin_name"]);
        Assert.Equal("postgres", (string?)data["connection_details"]!["username"]);
        Assert.Equal(env.Postgres.ConnectionUrl, (string?)data["connection_details"]!["connection_url"]);
        Assert.Equal(["readonly", "app-*"], data["allowed_roles"]!.AsArray().Select(r => (string)r!));
        Assert.DoesNotContain(env.Postgres.Password, body.ToJsonString());
        var list = await env.SendAsync("LIST", $"/v1/{mount}/config");
        Assert.Equal(["pg"], list.Body["data"]!["keys"]!.AsArray().Select(k => (string)k!));
    }

    [Fact]
    public async Task UnreachableDatabaseIsRefusedAndNothingIsStored()
    {
        var mount = await env.MountAsync();
        var deadPort = Infrastructure.CofferProcess.FreePort();
        var body = new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = $"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{deadPort}/postgres",
            ["username"] = "postgres",
            ["password"] = "very-secret-root-password",
        };
        var (status, error) = await env.SendAsync("POST", $"/v1/{mount}/config/down", body.ToJsonString());
        Assert.Equal(400, status);
        Assert.Contains("error verifying connection", error.ToJsonString());
        Assert.DoesNotContain("very-secret-root-password", error.ToJsonString());
        Assert.Equal(404, (await env.SendAsync("GET", $"/v1/{mount}/config/down")).Status);

        // Wrong root password: also refused, and the password is not echoed.
        body["connection_url"] = env.Postgres.ConnectionUrl;
        (status, error) = await env.SendAsync("POST", $"/v1/{mount}/config/down", body.ToJsonString());
        Assert.Equal(400, status);
        Assert.DoesNotContain("very-secret-root-password", error.ToJsonString());
        Assert.Equal(404, (await env.SendAsync("GET", $"/v1/{mount}/config/down")).Status);

        // verify_connection=false stores it without a connection.
        body["verify_connection"] = false;
        Assert.Equal(204, (await env.SendAsync("POST", $"/v1/{mount}/config/down", body.ToJsonString())).Status);
        Assert.Equal(200, (await env.SendAsync("GET", $"/v1/{mount}/config/down")).Status);
    }

    [Fact]
    public async Task OtherPluginsAreRefused()
    {
        var mount = await env.MountAsync();
        var (status, body) = await env.SendAsync("POST", $"/v1/{mount}/config/my", """
            {"plugin_name":"mysql-database-plugin","connection_url":"{{username}}:{{password}}@tcp(127.0.0.1:3306)/"}
            """);
        Assert.Equal(400, status);
        Assert.Contains("plugin_name", body.ToJsonString());
        Assert.Equal(404, (await env.SendAsync("GET", $"/v1/{mount}/config/my")).Status);
    }

    [Fact]
    public async Task DynamicCredentialsLogInToPostgres()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount);
        await env.CreateRoleAsync(mount, "readonly", ""","default_ttl":"1h","max_ttl":"24h" """);
        var role = (await env.SendAsync("GET", $"/v1/{mount}/roles/readonly", expect: 200)).Body["data"]!;
        Assert.Equal(3600, (long)role["default_ttl"]!);
        Assert.Equal(86400, (long)role["max_ttl"]!);
        Assert.Equal(2, role["creation_statements"]!.AsArray().Count);

        var (status, creds) = await env.SendAsync("GET", $"/v1/{mount}/creds/readonly");
        Assert.Equal(200, status);
        var username = (string)creds["data"]!["username"]!;
        var password = (string)creds["data"]!["password"]!;
        Assert.StartsWith("v-root-readonly-", username);
        Assert.True(username.Length <= 63);
        Assert.Null(await env.Postgres.TryLoginAsync(username, password));
        Assert.NotNull(await env.Postgres.TryLoginAsync(username, password + "x"));
        var validUntil = (DateTime)(await env.Postgres.ScalarAsync("SELECT rolvaliduntil FROM pg_roles WHERE rolname = @n", ("n", username)))!;
        Assert.InRange(validUntil.ToUniversalTime(), DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(65));
    }

    [Fact]
    public async Task RolesOutsideAllowedRolesGetNoCredentials()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount, "app-*");
        await env.CreateRoleAsync(mount, "app-reader");
        await env.CreateRoleAsync(mount, "other");
        Assert.Equal(200, (await env.SendAsync("GET", $"/v1/{mount}/creds/app-reader")).Status);
        var (status, body) = await env.SendAsync("GET", $"/v1/{mount}/creds/other");
        Assert.Equal(400, status);
        Assert.Contains("is not an allowed role", body.ToJsonString());
        Assert.Equal(400, (await env.SendAsync("GET", $"/v1/{mount}/creds/missing")).Status);
    }

    /// <summary>A root role of the test's own (so rotating it touches no other test) and a config body for it.</summary>
    private async Task<JsonObject> OwnRootConfigAsync(string username, string password)
    {
        await env.Postgres.ExecuteAsync($"DROP ROLE IF EXISTS {username}; CREATE ROLE {username} WITH LOGIN CREATEROLE PASSWORD '{password}'");
        return new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = env.Postgres.ConnectionUrl,
            ["username"] = username,
            ["password"] = password,
            ["allowed_roles"] = "*",
        };
    }

    [Fact]
    public async Task RotateRootMakesTheOldRootPasswordUseless()
    {
        var mount = await env.MountAsync();
        var body = await OwnRootConfigAsync("coffer_root", "initial-root-pw");
        await env.SendAsync("POST", $"/v1/{mount}/config/pg", body.ToJsonString(), expect: 204);
        Assert.Null(await env.Postgres.TryLoginAsync("coffer_root", "initial-root-pw"));

        await env.SendAsync("POST", $"/v1/{mount}/rotate-root/pg", expect: 204);
        Assert.NotNull(await env.Postgres.TryLoginAsync("coffer_root", "initial-root-pw"));

        // The engine still works with the password only it knows.
        await env.SendAsync("POST", $"/v1/{mount}/roles/r", """
            {"db_name":"pg","creation_statements":"CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"}
            """, expect: 204);
        var creds = (await env.SendAsync("GET", $"/v1/{mount}/creds/r", expect: 200)).Body["data"]!;
        Assert.Null(await env.Postgres.TryLoginAsync((string)creds["username"]!, (string)creds["password"]!));
        Assert.Equal(204, (await env.SendAsync("POST", $"/v1/{mount}/reset/pg")).Status);
    }

    /// <summary>
    /// A rotation whose database change committed but whose reply was lost (here: the rotation statements commit,
    /// then end their own session) must not leave the engine with a password the database no longer takes: the new
    /// password was stored as pending before the change, and after a restart the first connection finds it works.
    /// </summary>
    [Fact]
    public async Task ARotateRootCommittedButUnacknowledgedLeavesTheEngineWorking()
    {
        var mount = await env.MountAsync();
        var first = await OwnRootConfigAsync("coffer_root_lost", "lost-initial-pw");
        first["root_rotation_statements"] = new JsonArray(
            "ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'", "COMMIT", "SELECT pg_terminate_backend(pg_backend_pid())");
        await env.SendAsync("POST", $"/v1/{mount}/config/pg", first.ToJsonString(), expect: 204);

        Assert.Equal(500, (await env.SendAsync("POST", $"/v1/{mount}/rotate-root/pg")).Status);
        Assert.NotNull(await env.Postgres.TryLoginAsync("coffer_root_lost", "lost-initial-pw"));

        await env.Coffer.RestartAsync();
        await env.Coffer.UnsealAsync();
        await env.SendAsync("POST", $"/v1/{mount}/roles/r", """
            {"db_name":"pg","creation_statements":"CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"}
            """, expect: 204);
        var creds = (await env.SendAsync("GET", $"/v1/{mount}/creds/r", expect: 200)).Body["data"]!;
        Assert.Null(await env.Postgres.TryLoginAsync((string)creds["username"]!, (string)creds["password"]!));

        // The confirmed password was stored: a config change verifies with it, and a normal rotation works from it.
        var second = first.DeepClone().AsObject();
        second.Remove("password");
        second["root_rotation_statements"] = new JsonArray();
        await env.SendAsync("POST", $"/v1/{mount}/config/pg", second.ToJsonString(), expect: 204);
        await env.SendAsync("POST", $"/v1/{mount}/rotate-root/pg", expect: 204);
        Assert.Equal(200, (await env.SendAsync("GET", $"/v1/{mount}/creds/r")).Status);
    }

    [Fact]
    public async Task StaticRolePasswordIsRotatedOnDemandAndOnSchedule()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount);
        await env.Postgres.ExecuteAsync("DROP ROLE IF EXISTS static_app; CREATE ROLE static_app WITH LOGIN PASSWORD 'known-before'");
        await env.SendAsync("POST", $"/v1/{mount}/static-roles/app",
            """{"db_name":"pg","username":"static_app","rotation_period":"1h"}""", expect: 204);
        Assert.NotNull(await env.Postgres.TryLoginAsync("static_app", "known-before"));

        var first = (await env.SendAsync("GET", $"/v1/{mount}/static-creds/app", expect: 200)).Body["data"]!;
        Assert.Equal("static_app", (string)first["username"]!);
        Assert.InRange((long)first["ttl"]!, 3500, 3600);
        var firstPassword = (string)first["password"]!;
        Assert.Null(await env.Postgres.TryLoginAsync("static_app", firstPassword));

        await env.SendAsync("POST", $"/v1/{mount}/rotate-role/app", expect: 204);
        var second = (string)(await env.SendAsync("GET", $"/v1/{mount}/static-creds/app", expect: 200)).Body["data"]!["password"]!;
        Assert.NotEqual(firstPassword, second);
        Assert.NotNull(await env.Postgres.TryLoginAsync("static_app", firstPassword));
        Assert.Null(await env.Postgres.TryLoginAsync("static_app", second));

        // A short period: the engine's timer rotates without being asked.
        await env.SendAsync("POST", $"/v1/{mount}/static-roles/app", """{"rotation_period":"5s"}""", expect: 204);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string current;
        do
        {
            await Task.Delay(500);
            current = (string)(await env.SendAsync("GET", $"/v1/{mount}/static-creds/app", expect: 200)).Body["data"]!["password"]!;
        }
        while (current == second && DateTime.UtcNow < deadline);
        Assert.NotEqual(second, current);
        Assert.Null(await env.Postgres.TryLoginAsync("static_app", current));
        await env.SendAsync("DELETE", $"/v1/{mount}/static-roles/app", expect: 204);
    }

    /// <summary>
    /// A static-role rotation that committed in the database but lost its reply left <c>static-creds</c> handing out
    /// the old password until the next period; written ahead, the role stays due and is rotated again within seconds.
    /// </summary>
    [Fact]
    public async Task AStaticRoleRotationThatLostItsReplyIsRedoneSoon()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount);
        await env.Postgres.ExecuteAsync("DROP ROLE IF EXISTS static_lost; CREATE ROLE static_lost WITH LOGIN PASSWORD 'known-before'");
        await env.SendAsync("POST", $"/v1/{mount}/static-roles/lost",
            """{"db_name":"pg","username":"static_lost","rotation_period":"1h"}""", expect: 204);
        await env.SendAsync("POST", $"/v1/{mount}/static-roles/lost", """
            {"rotation_statements":["ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'","COMMIT","SELECT pg_terminate_backend(pg_backend_pid())"]}
            """, expect: 204);

        Assert.Equal(500, (await env.SendAsync("POST", $"/v1/{mount}/rotate-role/lost")).Status);
        var stale = (string)(await env.SendAsync("GET", $"/v1/{mount}/static-creds/lost", expect: 200)).Body["data"]!["password"]!;
        Assert.NotNull(await env.Postgres.TryLoginAsync("static_lost", stale));

        await env.SendAsync("POST", $"/v1/{mount}/static-roles/lost", """{"rotation_statements":[]}""", expect: 204);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string current;
        do
        {
            await Task.Delay(500);
            current = (string)(await env.SendAsync("GET", $"/v1/{mount}/static-creds/lost", expect: 200)).Body["data"]!["password"]!;
        }
        while (await env.Postgres.TryLoginAsync("static_lost", current) is not null && DateTime.UtcNow < deadline);
        Assert.Null(await env.Postgres.TryLoginAsync("static_lost", current));
        await env.SendAsync("DELETE", $"/v1/{mount}/static-roles/lost", expect: 204);
    }

    [Fact]
    public async Task BadRoleInputIsRefusedWithoutWriting()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount);
        Assert.Equal(400, (await env.SendAsync("POST", $"/v1/{mount}/roles/r", """{"creation_statements":"SELECT 1"}""")).Status);
        Assert.Equal(400, (await env.SendAsync("POST", $"/v1/{mount}/roles/r", """{"db_name":"pg"}""")).Status);
        Assert.Equal(400, (await env.SendAsync("POST", $"/v1/{mount}/roles/r", """{"db_name":"pg","creation_statements":"SELECT 1","default_ttl":"2h","max_ttl":"1h"}""")).Status);
        Assert.Equal(400, (await env.SendAsync("POST", $"/v1/{mount}/static-roles/s", """{"db_name":"pg","username":"x","rotation_period":"2s"}""")).Status);
        Assert.Equal(404, (await env.SendAsync("GET", $"/v1/{mount}/roles/r")).Status);
        Assert.Equal(404, (await env.SendAsync("GET", $"/v1/{mount}/static-roles/s")).Status);

        // Failing creation SQL: a 500 with the database's reason, and no account left behind.
        await env.SendAsync("POST", $"/v1/{mount}/roles/broken", """
            {"db_name":"pg","creation_statements":["CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';","SELECT * FROM no_such_table;"]}
            """, expect: 204);
        var before = (long)(await env.Postgres.ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-root-broken-%'"))!;
        var (status, body) = await env.SendAsync("GET", $"/v1/{mount}/creds/broken");
        Assert.Equal(500, status);
        Assert.Contains("no_such_table", body.ToJsonString());
        Assert.Equal(before, (long)(await env.Postgres.ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'v-root-broken-%'"))!);
    }

    [Fact]
    public async Task ConfigAndRolesSurviveARestart()
    {
        var mount = await env.MountAsync();
        await env.ConfigureAsync(mount);
        await env.CreateRoleAsync(mount, "kept");
        await env.Postgres.ExecuteAsync("DROP ROLE IF EXISTS static_kept; CREATE ROLE static_kept WITH LOGIN PASSWORD 'x'");
        await env.SendAsync("POST", $"/v1/{mount}/static-roles/skept",
            """{"db_name":"pg","username":"static_kept","rotation_period":"1h"}""", expect: 204);
        var before = (await env.SendAsync("GET", $"/v1/{mount}/static-creds/skept", expect: 200)).Body["data"]!;

        await env.Coffer.RestartAsync();
        await env.Coffer.UnsealAsync();

        Assert.Equal(200, (await env.SendAsync("GET", $"/v1/{mount}/config/pg")).Status);
        Assert.Equal(200, (await env.SendAsync("GET", $"/v1/{mount}/roles/kept")).Status);
        var after = (await env.SendAsync("GET", $"/v1/{mount}/static-creds/skept", expect: 200)).Body["data"]!;
        Assert.Equal((string)before["password"]!, (string)after["password"]!);
        Assert.Equal((string)before["last_vault_rotation"]!, (string)after["last_vault_rotation"]!);
        var creds = (await env.SendAsync("GET", $"/v1/{mount}/creds/kept", expect: 200)).Body["data"]!;
        Assert.Null(await env.Postgres.TryLoginAsync((string)creds["username"]!, (string)creds["password"]!));
    }

    [Fact]
    public async Task DisablingTheMountClosesItsConnections()
    {
        var mount = await env.MountAsync();
        // A root user of its own, so its sessions are this mount's pool and nobody else's.
        await env.Postgres.ExecuteAsync("DROP ROLE IF EXISTS pool_root; CREATE ROLE pool_root WITH LOGIN CREATEROLE PASSWORD 'pool-root-pw'");
        var body = new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = env.Postgres.ConnectionUrl,
            ["username"] = "pool_root",
            ["password"] = "pool-root-pw",
            ["allowed_roles"] = "*",
        };
        await env.SendAsync("POST", $"/v1/{mount}/config/pg", body.ToJsonString(), expect: 204);
        await env.SendAsync("POST", $"/v1/{mount}/roles/pooled", """
            {"db_name":"pg","creation_statements":"CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';"}
            """, expect: 204);
        await env.SendAsync("GET", $"/v1/{mount}/creds/pooled", expect: 200);
        Assert.True(await PoolSessionsAsync() > 0);
        await env.SendAsync("DELETE", $"/v1/sys/mounts/{mount}", expect: 204);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await PoolSessionsAsync() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(0, await PoolSessionsAsync());

        async Task<long> PoolSessionsAsync() =>
            (long)(await env.Postgres.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE usename = 'pool_root'"))!;
    }

    [Fact]
    public async Task SealingClosesConnectionsAndUnsealingReopensThem()
    {
        var mount = await env.MountAsync();
        await env.Postgres.ExecuteAsync("DROP ROLE IF EXISTS seal_root; CREATE ROLE seal_root WITH LOGIN CREATEROLE PASSWORD 'seal-root-pw'");
        var body = new JsonObject
        {
            ["plugin_name"] = "postgresql-database-plugin",
            ["connection_url"] = env.Postgres.ConnectionUrl,
            ["username"] = "seal_root",
            ["password"] = "seal-root-pw",
            ["allowed_roles"] = "*",
        };
        await env.SendAsync("POST", $"/v1/{mount}/config/pg", body.ToJsonString(), expect: 204);
        await env.SendAsync("POST", $"/v1/{mount}/roles/r", """
            {"db_name":"pg","creation_statements":"CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';"}
            """, expect: 204);
        await env.SendAsync("GET", $"/v1/{mount}/creds/r", expect: 200);
        Assert.True(await SessionsAsync() > 0);

        await env.SendAsync("PUT", "/v1/sys/seal", expect: 204);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await SessionsAsync() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }
        Assert.Equal(0, await SessionsAsync());

        await env.Coffer.UnsealAsync();
        var creds = (await env.SendAsync("GET", $"/v1/{mount}/creds/r", expect: 200)).Body["data"]!;
        Assert.Null(await env.Postgres.TryLoginAsync((string)creds["username"]!, (string)creds["password"]!));

        async Task<long> SessionsAsync() =>
            (long)(await env.Postgres.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE usename = 'seal_root'"))!;
    }
}
