using System.Text.Json.Nodes;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands;

/// <summary>
/// Request fields that are sent only when their flag was given, so that otherwise the server applies its own
/// default (or, for a tune, keeps the current setting) instead of a value the user never chose.
/// </summary>
internal static class OptionalRequestFields
{
    /// <summary>The duration as Go writes it (e.g. "1h0m0s"), the form vault's CLI sends.</summary>
    public static void AddIfGiven(this JsonObject request, string field, DurationFlag flag)
    {
        if (flag.GoTextIfSet is { } text)
        {
            request[field] = text;
        }
    }

    /// <summary>Sent even when given as empty, since that may be exactly what the user means to set.</summary>
    public static void AddIfGiven(this JsonObject request, string field, StringFlag flag)
    {
        if (flag.IsSet)
        {
            request[field] = flag.Value;
        }
    }
}
