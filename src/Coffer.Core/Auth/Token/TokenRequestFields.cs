using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Json;

namespace Coffer.Core.Auth.Token;

/// <summary>Field readers the token endpoints need beyond <see cref="LenientFields"/>.</summary>
internal static class TokenRequestFields
{
    /// <summary>A list field: a JSON array of strings or a comma-separated string; null when absent.</summary>
    public static List<string>? GetStringList(JsonObject data, string name)
    {
        switch (data[name])
        {
            case null:
                return null;
            case JsonArray array:
                var items = new List<string>();
                foreach (var item in array)
                {
                    if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                    {
                        throw CofferError.BadRequest($"error converting input for field \"{name}\": expected a list of strings");
                    }
                    items.Add(value.GetValue<string>().Trim());
                }
                return items.Where(i => i.Length > 0).ToList();
            default:
                var text = LenientFields.GetString(data, name) ?? "";
                return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        }
    }

    /// <summary>The first of <paramref name="names"/> present in <paramref name="data"/> as a duration, in seconds.</summary>
    public static long? GetDurationSeconds(JsonObject data, params string[] names)
    {
        foreach (var name in names)
        {
            if (data[name] is not null)
            {
                return LenientFields.GetDurationSeconds(data, name);
            }
        }
        return null;
    }

    public static List<string>? GetStringList(JsonObject data, params string[] names)
    {
        foreach (var name in names)
        {
            if (data[name] is not null)
            {
                return GetStringList(data, name);
            }
        }
        return null;
    }
}
