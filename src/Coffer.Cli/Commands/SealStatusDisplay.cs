using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>Shows a seal status (after status, unseal or an unseal reset), with HA details when unsealed.</summary>
internal static class SealStatusDisplay
{
    /// <returns>The exit code of printing (0 unless -field names a missing field).</returns>
    public static async Task<int> ShowAsync(CofferApiClient client, JsonObject sealStatus, OutputPrinter output)
    {
        var isSealed = Secret.BoolField(sealStatus, "sealed");
        var leader = isSealed ? null : await TryGetLeaderAsync(client).ConfigureAwait(false);
        var report = new SealStatusReport(sealStatus, leader);
        return output.PrintObject(report.MachineView(), () => output.PrintLine(TableFormatter.FormatKeyValues(report.TableRows()).TrimEnd('\n')));
    }

    /// <summary>
    /// HA details are a bonus: a server without HA (or without the endpoint) still has a useful status,
    /// so a failed leader lookup just means "HA Enabled false".
    /// </summary>
    private static async Task<JsonObject?> TryGetLeaderAsync(CofferApiClient client)
    {
        try
        {
            return await client.LeaderAsync().ConfigureAwait(false);
        }
        catch (ApiRequestException)
        {
            return null;
        }
    }
}
