using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Json;
using Coffer.Core.Replication.Roles;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Telemetry;
using Coffer.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Coffer.Server.Http;

/// <summary>
/// The <c>sys/</c> endpoints that answer with a bare JSON object and work while sealed (spec/vault-api.md §1.9, §2).
/// They only translate; the decisions are the core's.
/// </summary>
internal sealed class RawSystemEndpoints(CofferCore core, MetricsRegistry metrics, ServerRuntimeInfo runtime)
{
    public Func<HttpContext, Task>? Find(string logicalPath) => logicalPath.TrimEnd('/') switch
    {
        "sys/init" => InitAsync,
        "sys/seal-status" => SealStatusAsync,
        "sys/unseal" => UnsealAsync,
        "sys/seal" => SealAsync,
        "sys/health" => HealthAsync,
        "sys/leader" => LeaderAsync,
        "sys/metrics" => MetricsAsync,
        _ => null,
    };

    private async Task InitAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await JsonResponses.WriteAsync(context, 200, new JsonObject { ["initialized"] = await core.IsInitializedAsync(context.RequestAborted) });
            return;
        }
        RequireMethod(context, "PUT", "POST");
        var data = await RequestBodyReader.ReadAsync(context.Request, context.RequestAborted) ?? new JsonObject();
        if (data.ContainsKey("recovery_shares") || data.ContainsKey("recovery_threshold") || data.ContainsKey("recovery_pgp_keys"))
        {
            throw CofferError.BadRequest("parameters specific to auto unseal seals present");
        }
        if (data["pgp_keys"] is JsonArray { Count: > 0 } || !string.IsNullOrEmpty(LenientFields.GetString(data, "root_token_pgp_key")))
        {
            throw CofferError.BadRequest("PGP-encrypted key shares are not supported");
        }
        var shares = (int)(LenientFields.GetInt(data, "secret_shares") ?? 0);
        var threshold = (int)(LenientFields.GetInt(data, "secret_threshold") ?? 0);
        var result = await core.InitializeAsync(shares, threshold, null, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["keys"] = new JsonArray(result.Keys.Select(k => (JsonNode)JsonValue.Create(Convert.ToHexStringLower(k))).ToArray()),
            ["keys_base64"] = new JsonArray(result.Keys.Select(k => (JsonNode)JsonValue.Create(Convert.ToBase64String(k))).ToArray()),
            ["root_token"] = result.RootToken,
        });
    }

    private async Task SealStatusAsync(HttpContext context)
    {
        RequireMethod(context, "GET");
        await JsonResponses.WriteAsync(context, 200, SealStatusJson(await core.GetSealStatusAsync(context.RequestAborted)));
    }

    private async Task UnsealAsync(HttpContext context)
    {
        RequireMethod(context, "PUT", "POST");
        var body = await RequestBodyReader.ReadAsync(context.Request, context.RequestAborted) ?? new JsonObject();
        // Vault decodes this body into a struct without JSON tags, so field names match case-insensitively.
        var data = new JsonObject();
        foreach (var (key, value) in body)
        {
            data[key.ToLowerInvariant()] = value?.DeepClone();
        }
        SealStatus status;
        if (LenientFields.GetBool(data, "reset") == true)
        {
            status = await core.ResetUnsealAsync(context.RequestAborted);
        }
        else
        {
            var key = LenientFields.GetString(data, "key");
            if (string.IsNullOrEmpty(key))
            {
                throw CofferError.BadRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
            }
            if (!await core.IsInitializedAsync(context.RequestAborted))
            {
                throw CofferError.BadRequest("Vault is not initialized");
            }
            status = await core.SubmitUnsealKeyAsync(UnsealKeyParser.Parse(key), context.RequestAborted);
        }
        await JsonResponses.WriteAsync(context, 200, SealStatusJson(status));
    }

    private async Task SealAsync(HttpContext context)
    {
        RequireMethod(context, "PUT", "POST");
        await core.SealAsync(RequestTranslator.ClientToken(context.Request), context.RequestAborted);
        JsonResponses.NoContent(context);
    }

    private async Task HealthAsync(HttpContext context)
    {
        RequireMethod(context, "GET", "HEAD");
        var query = context.Request.Query;
        int Code(string name, int fallback)
        {
            var text = query[name].FirstOrDefault();
            if (text is null)
            {
                return fallback;
            }
            return int.TryParse(text, out var code) && code is >= 100 and <= 999
                ? code
                : throw new CofferError(HttpStatusCode.BadRequest);
        }
        foreach (var flag in new[] { "standbyok", "perfstandbyok" })
        {
            var text = query[flag].FirstOrDefault();
            if (text is not null && text.Length > 0 && !LenientFields.TryParseBool(text, out _))
            {
                throw new CofferError(HttpStatusCode.BadRequest);
            }
        }
        var activeCode = Code("activecode", 200);
        Code("standbycode", 429);
        var drSecondaryCode = Code("drsecondarycode", 472);
        Code("performancestandbycode", 473);
        Code("haunhealthycode", 474);
        Code("removedcode", 530);
        var sealedCode = Code("sealedcode", 503);
        var uninitCode = Code("uninitcode", 501);

        var initialized = await core.IsInitializedAsync(context.RequestAborted);
        var isSealed = core.IsSealed;
        // Read once so the code and the body agree; roles are unloaded while sealed, which reads as disabled.
        var roles = core.ReplicationRoles.State;
        var isDrSecondary = !isSealed && roles.DrMode == ReplicationRoleState.Secondary;
        // Spec/replication.md §9.2: uninitialized, sealed, DR secondary, then active (no HA standbys yet).
        var status = !initialized ? uninitCode : isSealed ? sealedCode : isDrSecondary ? drSecondaryCode : activeCode;
        var body = new JsonObject
        {
            ["initialized"] = initialized,
            ["sealed"] = isSealed,
            ["standby"] = false,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = isSealed ? "disabled" : roles.PerformanceMode,
            ["replication_dr_mode"] = isSealed ? "disabled" : roles.DrMode,
            ["server_time_utc"] = core.Clock.UtcNow.ToUnixTimeSeconds(),
            ["version"] = CofferVersion.Version,
            ["enterprise"] = false,
            ["echo_duration_ms"] = 0,
            ["clock_skew_ms"] = 0,
            ["replication_primary_canary_age_ms"] = 0,
        };
        if (!isSealed && core.Cluster is { } cluster)
        {
            body["cluster_name"] = cluster.Name;
            body["cluster_id"] = cluster.Id;
        }
        await JsonResponses.WriteAsync(context, status, body);
    }

    private async Task LeaderAsync(HttpContext context)
    {
        RequireMethod(context, "GET");
        if (core.IsSealed)
        {
            throw CofferError.Sealed();
        }
        var active = core.ActiveSince == DateTimeOffset.MinValue ? "0001-01-01T00:00:00Z" : core.ActiveSince.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ");
        await JsonResponses.WriteAsync(context, 200, new JsonObject
        {
            ["ha_enabled"] = false,
            ["is_self"] = false,
            ["active_time"] = active,
            ["leader_address"] = "",
            ["leader_cluster_address"] = "",
            ["performance_standby"] = false,
            ["performance_standby_last_remote_wal"] = 0,
        });
    }

    private async Task MetricsAsync(HttpContext context)
    {
        RequireMethod(context, "GET");
        if (!core.IsSealed && !runtime.UnauthenticatedMetricsAccess)
        {
            // Metrics are not among the paths a DR secondary answers (spec/replication.md §6.3), except where the
            // listener serves them without a token, as Vault's DR secondaries do, so their replication lag can be watched.
            DrSecondaryRequestGate.Check(core.ReplicationRoles.State, new Request { Operation = Operation.Read, Path = "sys/metrics" });
        }
        if (!runtime.UnauthenticatedMetricsAccess)
        {
            await core.AuthenticateAsync(RequestTranslator.ClientToken(context.Request), context.RequestAborted);
        }
        var format = context.Request.Query["format"].FirstOrDefault() ?? "";
        var accept = context.Request.Headers.Accept.ToString();
        var wantsPrometheus = format == "prometheus" || accept.StartsWith("application/openmetrics-text", StringComparison.Ordinal) ||
                              accept.Contains("prometheus/telemetry", StringComparison.Ordinal);
        if (format.Length > 0 && format != "prometheus")
        {
            throw CofferError.BadRequest($"metric response format \"{format}\" unknown");
        }
        await runtime.RefreshGaugesAsync(core, metrics, context.RequestAborted);
        if (wantsPrometheus)
        {
            if (!runtime.PrometheusEnabled)
            {
                context.Response.StatusCode = 400;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("prometheus is not enabled");
                return;
            }
            context.Response.ContentType = MetricsRegistry.PrometheusContentType;
            await context.Response.WriteAsync(metrics.RenderPrometheus());
            return;
        }
        context.Response.ContentType = JsonResponses.ContentType;
        await context.Response.WriteAsync(metrics.RenderJson());
    }

    private JsonObject SealStatusJson(SealStatus status)
    {
        var json = new JsonObject
        {
            ["type"] = SealConfig.Type,
            ["initialized"] = status.Initialized,
            ["sealed"] = status.Sealed,
            ["t"] = status.Threshold,
            ["n"] = status.Shares,
            ["progress"] = status.Progress,
            ["nonce"] = status.Nonce,
            ["version"] = CofferVersion.Version,
            ["build_date"] = CofferVersion.BuildDate,
            ["migration"] = false,
            ["recovery_seal"] = false,
            ["storage_type"] = core.StorageType,
        };
        if (status.ClusterName is not null)
        {
            json["cluster_name"] = status.ClusterName;
            json["cluster_id"] = status.ClusterId;
        }
        return json;
    }

    private static void RequireMethod(HttpContext context, params string[] methods)
    {
        if (!methods.Contains(context.Request.Method.ToUpperInvariant()))
        {
            throw CofferError.UnsupportedOperation();
        }
    }
}
