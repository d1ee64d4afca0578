using System.Text.Json.Nodes;
using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// The two ways `kv patch` applies a partial change to a KV v2 secret. Both return an exit code and, when the
/// server answered with the new version's metadata, that answer for the caller to print; anything already
/// reported (an error, or the "Success!" line for an empty answer) comes back with a null answer.
/// </summary>
internal sealed class KvPatcher(CommandInvocation invocation, JsonObject changes, int cas)
{
    /// <summary>HTTP PATCH with <c>{"data": changes, "options": {"cas": N}}</c> as a JSON merge patch.</summary>
    public async Task<(int Code, Secret? Secret)> MergePatchAsync(CofferApiClient client, string path, bool fallBackToReadWrite)
    {
        var options = new JsonObject();
        if (cas > 0)
        {
            options["cas"] = cas;
        }

        var body = new JsonObject { ["data"] = changes.DeepClone(), ["options"] = options };
        Secret? secret;
        try
        {
            secret = await client.MergePatchAsync(path, body);
        }
        catch (ApiResponseException error) when (fallBackToReadWrite && error.StatusCode == 405)
        {
            // A server without PATCH support for this path.
            return await ReadThenWriteAsync(client, path);
        }
        catch (ApiResponseException error) when (fallBackToReadWrite && error.StatusCode == 403)
        {
            // The token may update but not patch: do what it may, and say how to avoid the extra read next time.
            var result = await ReadThenWriteAsync(client, path);
            if (result.Code == ExitCodes.Success)
            {
                invocation.Output.PrintError(
                    $"WARNING! Data was written to {path} but we recommend that you add the \"patch\" capability to " +
                    "your ACL policy in order to use HTTP PATCH in place of a read-then-write operation.");
            }

            return result;
        }
        catch (ApiRequestException error)
        {
            return (invocation.FailRemote($"Error writing data to {path}: {error.Message}"), null);
        }

        return secret is null ? (KvOutput.PrintWritten(invocation.Output, path), null) : (ExitCodes.Success, secret);
    }

    /// <summary>
    /// Reads the latest version, applies the changes locally (a null removes the key, as in a merge patch) and
    /// writes the result with check-and-set on the version read, so a concurrent write is not silently lost.
    /// </summary>
    public async Task<(int Code, Secret? Secret)> ReadThenWriteAsync(CofferApiClient client, string path)
    {
        Secret? current;
        try
        {
            current = await client.ReadAsync(path);
        }
        catch (ApiRequestException error)
        {
            return (invocation.FailRemote($"Error doing pre-read at {path}: {error.Message}"), null);
        }

        if (current?.Data is null)
        {
            return (invocation.FailRemote($"No value found at {path}"), null);
        }

        if (current.Data["metadata"] is not JsonObject metadata)
        {
            return (invocation.FailRemote($"No metadata found at {path}; patch only works on existing data"), null);
        }

        if (current.Data["data"] is not JsonObject data)
        {
            return (invocation.FailRemote($"No data found at {path}; patch only works on existing data"), null);
        }

        var merged = (JsonObject)data.DeepClone();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }

        var body = new JsonObject
        {
            ["data"] = merged,
            ["options"] = new JsonObject { ["cas"] = metadata["version"]?.DeepClone() },
        };
        Secret? secret;
        try
        {
            secret = await client.WriteAsync(path, body);
        }
        catch (ApiRequestException error)
        {
            return (invocation.FailRemote($"Error writing data to {path}: {error.Message}"), null);
        }

        return secret is null ? (KvOutput.PrintWritten(invocation.Output, path), null) : (ExitCodes.Success, secret);
    }
}
