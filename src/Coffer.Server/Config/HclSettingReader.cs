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
