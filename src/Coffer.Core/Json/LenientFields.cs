using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Json;

/// <summary>
/// Reads request fields the way Vault's framework does: clients send numbers and bools as strings, lists as
/// comma-separated strings and durations as <c>"30m"</c> or plain seconds, and all of them must work.
/// A value of the wrong shape is a 400, never a crash.
/// </summary>
public static class LenientFields
{
    public static string? GetString(JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            return value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
                _ => throw Invalid(name, "a string"),
            };
        }
        throw Invalid(name, "a string");
    }

    public static bool? GetBool(JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String:
                    if (TryParseBool(value.GetValue<string>(), out var parsed))
                    {
                        return parsed;
                    }
                    break;
                case JsonValueKind.Number:
                    return value.ToJsonString() is not ("0" or "0.0");
            }
        }
        throw Invalid(name, "a boolean");
    }

    /// <summary>Go's strconv.ParseBool forms, which Vault accepts for every bool field and query flag.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static long? GetInt(JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.Number:
                    // The JSON text, not the CLR type: values built in code may hold an int or a decimal.
                    var text = value.ToJsonString();
                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
                    {
                        return whole;
                    }
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) &&
                        real == Math.Floor(real) && Math.Abs(real) < 9e15)
                    {
                        return (long)real;
                    }
                    break;
                case JsonValueKind.String:
                    if (long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return parsed;
                    }
                    break;
            }
        }
        throw Invalid(name, "an integer");
    }

    /// <summary>A duration field in seconds: an integer, or a string such as <c>90s</c>, <c>30m</c>, <c>1h30m</c>, <c>7d</c>.</summary>
    public static long? GetDurationSeconds(JsonObject data, string name)
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value)
        {
            if (value.GetValueKind() == JsonValueKind.Number &&
                long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) &&
                seconds is >= 0 and <= DurationParser.MaxSeconds)
            {
                return seconds;
            }
            if (value.GetValueKind() == JsonValueKind.String && DurationParser.TryParseSeconds(value.GetValue<string>(), out seconds))
            {
                return seconds;
            }
        }
        throw Invalid(name, "a duration");
    }

    /// <summary>A map of strings: a JSON object (values stringified) or a list of <c>k=v</c> strings.</summary>
    public static Dictionary<string, string>? GetStringMap(JsonObject data, string name)
    {
        var node = data[name];
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var map = new Dictionary<string, string>();
                foreach (var (key, item) in obj)
                {
                    map[key] = item switch
                    {
                        null => "",
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                        JsonValue v => v.ToJsonString(),
                        _ => throw Invalid(name, "a map of strings"),
                    };
                }
                return map;
            case JsonArray array:
                var pairs = new Dictionary<string, string>();
                foreach (var item in array)
                {
                    var text = item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                    var eq = text?.IndexOf('=') ?? -1;
                    if (text is null || eq <= 0)
                    {
                        throw Invalid(name, "a map of strings");
                    }
                    pairs[text[..eq]] = text[(eq + 1)..];
                }
                return pairs;
            default:
                throw Invalid(name, "a map of strings");
        }
    }

    public static JsonObject? GetObject(JsonObject data, string name) => data[name] switch
    {
        null => null,
        JsonObject obj => obj,
        _ => throw Invalid(name, "an object"),
    };

    private static CofferError Invalid(string name, string expected) =>
        CofferError.BadRequest($"error converting input for field \"{name}\": expected {expected}");
}
