using System.Globalization;
using System.Text.Json;

namespace Coffer.Bench.Workloads;

/// <summary>
/// kv_read_acl: reads KV v1 secrets with a non-root token that carries <c>-policies</c> policies, all of which
/// exist in the system; one of them grants the read. Comparing runs with -policies=1 and -policies=1000 shows
/// whether authorization cost grows with the number of policies.
/// </summary>
public sealed class KvReadAclTest : BenchTest
{
    private readonly WorkloadSettings _settings;
    private readonly Uri[] _secrets;
    private string _token = "";

    public KvReadAclTest(string name, WorkloadSettings settings) : base(name, settings.Address)
    {
        _settings = settings;
        _secrets = VaultPaths.KvSecrets(settings.Address, settings.Mount, 1, "bench/acl", settings.Keys);
    }

    public override async Task SetupAsync(SetupContext context, CancellationToken cancellationToken)
    {
        context.Log.WriteLine($"[{Name}] setup: {_settings.Keys} secrets, {_settings.Policies} policies, one token carrying all of them");
        var body = JsonBodies.KvSecret(1, Payload.Text(_settings.PayloadBytes));
        var options = new ParallelOptions { MaxDegreeOfParallelism = context.Parallelism, CancellationToken = cancellationToken };
        await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _secrets[0], body, "writing the first secret", cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(1, _secrets.Length - 1), options, async (i, ct) =>
            await SetupRequests.SendAsync(context.Client, HttpMethod.Post, _secrets[i], body, $"writing secret {i}", ct));

        var names = Enumerable.Range(0, _settings.Policies).Select(i => "bench-acl-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Length), options, async (i, ct) =>
        {
            // Policy 0 grants the reads; the others name paths of their own, as unrelated teams' policies would.
            var rules = i == 0
                ? $"path \"{_settings.Mount}/bench/acl/*\" {{ capabilities = [\"read\"] }}"
                : $"path \"team-{i}/data/*\" {{ capabilities = [\"read\", \"list\"] }}\npath \"team-{i}/config\" {{ capabilities = [\"update\"] }}";
            await SetupRequests.SendAsync(context.Client, HttpMethod.Put, VaultPaths.Api(Target, $"sys/policies/acl/{names[i]}"),
                JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["policy"] = rules }), $"writing policy {i}", ct);
        });
        var created = await SetupRequests.SendAsync(context.Client, HttpMethod.Post, VaultPaths.Api(Target, "auth/token/create"),
            JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["policies"] = names, ["ttl"] = "2h" }),
            "creating the reading token", cancellationToken);
        using var document = JsonDocument.Parse(created);
        _token = document.RootElement.GetProperty("auth").GetProperty("client_token").GetString()!;
        using var probe = CreateRequest(new Random(1));
        using var response = await context.Client.SendAsync(probe, cancellationToken);
        if ((int)response.StatusCode != 200)
        {
            throw new SetupException($"reading with the policy token returned HTTP {(int)response.StatusCode}");
        }
    }

    public override HttpRequestMessage CreateRequest(Random random)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _secrets[random.Next(_secrets.Length)]);
        // A request header wins over the client's default (root) token, so only this token's policies apply.
        request.Headers.TryAddWithoutValidation("X-Vault-Token", _token);
        return request;
    }

    public override bool IsSuccess(int statusCode) => statusCode == 200;
}
