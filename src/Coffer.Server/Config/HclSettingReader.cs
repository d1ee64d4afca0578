using Coffer.Core.Hcl;
using Coffer.Core.Json;

namespace Coffer.Server.Config;

/// <summary>Typed reads of HCL attribute values with positioned errors, lenient the way Vault's config is.</summary>
internal static class HclSettingReader
{
    public static string String(HclAttribute attribute) => attribute.Value switch
    {
        HclString s => s.Value,
        HclNumber n => n.Text,
        HclBool b => b.Value ? "true" : "false",
        _ => throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be a string"),
    };

    public static bool Bool(HclAttribute attribute) => attribute.Value switch
    {
        HclBool b => b.Value,
        HclString s when LenientFields.TryParseBool(s.Value, out var parsed) => parsed,
        HclNumber n when n.TryGetInt64(out var number) && number is 0 or 1 => number == 1,
        _ => throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be a boolean"),
    };

    public static long DurationSeconds(HclAttribute attribute) => attribute.Value switch
    {
        HclNumber n when n.TryGetInt64(out var seconds) && seconds >= 0 => seconds,
        HclString s when DurationParser.TryParseSeconds(s.Value, out var seconds) => seconds,
        _ => throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be a duration such as \"768h\" or a number of seconds"),
    };

    /// <summary>An integer of at least 1, written as a number or a string of digits.</summary>
    public static long PositiveInteger(HclAttribute attribute) => attribute.Value switch
    {
        HclNumber n when n.TryGetInt64(out var number) && number > 0 => number,
        HclString s when long.TryParse(s.Value.Trim(), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 => number,
        _ => throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be a whole number greater than 0"),
    };

    /// <summary>A capacity greater than 0: bytes as a number, or a string with a unit such as <c>"512mib"</c>.</summary>
    public static long ByteSize(HclAttribute attribute) => attribute.Value switch
    {
        HclNumber n when n.TryGetInt64(out var bytes) && bytes > 0 => bytes,
        HclString s when ByteSizeParser.TryParse(s.Value, out var bytes) && bytes > 0 => bytes,
        _ => throw Error(attribute.Value.Position,
            $"\"{attribute.Name}\" must be a size greater than 0, in bytes or with a unit (kb, kib, mb, mib, gb, gib, tb, tib)"),
    };

    /// <summary>A duration with sub-second precision (<c>"500ms"</c>, <c>"2s"</c>) or a number of seconds.</summary>
    public static TimeSpan Duration(HclAttribute attribute) => attribute.Value switch
    {
        HclNumber n when n.TryGetInt64(out var seconds) && seconds is >= 0 and <= DurationParser.MaxSeconds => TimeSpan.FromSeconds(seconds),
        HclString s when DurationParser.TryParse(s.Value, out var duration) => duration,
        _ => throw Error(attribute.Value.Position, $"\"{attribute.Name}\" must be a duration such as \"2s\" or \"500ms\", or a number of seconds"),
    };

    public static ConfigException Error(HclPosition position, string message) => new($"{position}: {message}");

    /// <summary>Rejects any attribute or block of <paramref name="body"/> whose name is not in <paramref name="known"/>.</summary>
    public static void RejectUnknown(HclBody body, string where, params string[] known)
    {
        foreach (var attribute in body.Attributes.Where(a => !known.Contains(a.Name)))
        {
            throw Error(attribute.Position, $"unknown setting \"{attribute.Name}\" in {where}");
        }
        foreach (var block in body.Blocks.Where(b => !known.Contains(b.Type)))
        {
            throw Error(block.Position, $"unknown block \"{block.Type}\" in {where}");
        }
    }
}
