using System.Text;
using System.Text.Json.Nodes;
using Coffer.Cli.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

/// <summary>
/// The sectioned table layout of vault's <c>kv</c> commands:
/// <code>
/// == Secret Path ==
/// secret/data/foo
///
/// ======= Metadata =======
/// Key                Value
/// ...
/// </code>
/// Section banners are centred in '=' signs about as wide as the table beneath them.
/// </summary>
internal static class KvOutput
{
    /// <summary>A banner sized for a two-column table of <paramref name="map"/>: widest key, the gap, "Value".</summary>
    public static string HeaderFor(string title, JsonObject? map)
    {
        var widestKey = map?.Select(p => Encoding.UTF8.GetByteCount(p.Key)).DefaultIfEmpty(0).Max() ?? 0;
        return PadEqualSigns(title, widestKey + 4 + "Value".Length);
    }

    /// <summary>
    /// "== title ==" with as many '=' as make the line <paramref name="totalLength"/> long, at least two a side and
    /// the same number on both sides. Lengths are counted in UTF-8 bytes, as vault counts them.
    /// </summary>
    public static string PadEqualSigns(string title, int totalLength)
    {
        var signs = totalLength - (Encoding.UTF8.GetByteCount(title) + 2);
        if (signs <= 0)
        {
            signs = 4;
        }

        if (signs % 2 != 0)
        {
            signs++;
        }

        var side = new string('=', signs / 2);
        return $"{side} {title} {side}";
    }

    /// <summary>The "== Secret Path ==" block: banner as wide as the path, the path, a blank line.</summary>
    public static void PrintPath(OutputPrinter output, string path, string title)
    {
        output.PrintLine(PadEqualSigns(title, Encoding.UTF8.GetByteCount(path)));
        output.PrintLine(path);
        output.PrintLine("");
    }

    /// <summary>A Key/Value table of the object; nothing at all when it is empty, as vault prints nothing then.</summary>
    public static void PrintMap(OutputPrinter output, JsonObject? map)
    {
        if (map is null || map.Count == 0)
        {
            return;
        }

        output.PrintLine(TableFormatter.FormatKeyValues(SecretTable.DataRows(map)).TrimEnd('\n'));
    }

    /// <summary>
    /// The answer to a KV v2 write (put, patch): the new version's metadata under the secret's path in table form,
    /// the envelope as JSON, or one field with -field.
    /// </summary>
    public static int PrintWrittenVersion(OutputPrinter output, Secret secret, string path)
    {
        var isWrapped = secret.WrapInfo is { } wrapInfo && Secret.LongField(wrapInfo, "ttl") != 0;
        if (output.Options.Field is not null || !output.Options.IsTable || isWrapped)
        {
            return output.PrintSecret(secret);
        }

        PrintPath(output, path, "Secret Path");
        output.PrintLine(HeaderFor("Metadata", secret.Data));
        PrintMap(output, secret.Data);
        return ExitCodes.Success;
    }

    /// <summary>A write's answer: the secret when the server sent one, otherwise <see cref="PrintWritten"/>.</summary>
    public static int PrintWriteAnswer(OutputPrinter output, Secret? secret, string path) =>
        secret is null ? PrintWritten(output, path) : output.PrintSecret(secret);

    /// <summary>What a write that answered nothing prints: a confirmation in table format, nothing for machines.</summary>
    public static int PrintWritten(OutputPrinter output, string path)
    {
        if (output.Options.IsTable)
        {
            output.PrintLine($"Success! Data written to: {path}");
        }

        return ExitCodes.Success;
    }
}
