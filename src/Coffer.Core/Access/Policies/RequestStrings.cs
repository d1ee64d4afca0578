using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Json;

namespace Coffer.Core.Access.Policies;

/// <summary>Reads the string-shaped request fields of the policy endpoints the way Vault's field types accept them.</summary>
internal static class RequestStrings
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A JSON list of strings, or one comma-separated string; blanks trimmed, empties dropped.</summary>
    public static List<string> CommaList(JsonObject data, string name)
    {
        var node = data[name];
        IEnumerable<string> items = node switch
        {
            null => [],
            JsonArray array => array.Select(element => element switch
            {
                JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
                JsonValue value => value.ToJsonString(),
                _ => throw CofferError.BadRequest($"{name} must be a list of strings"),
            }),
            _ => (LenientFields.GetString(data, name) ?? "").Split(','),
        };
        return items.Select(item => item.Trim()).Where(item => item.Length > 0).ToList();
    }

    /// <summary>
    /// A policy body as submitted. Newer clients may base64-encode it; text that decodes to valid UTF-8 is taken
    /// decoded. HCL and JSON policies always contain characters outside the base64 alphabet, so plain text never
    /// decodes by accident.
    /// </summary>
    public static string PolicyText(string submitted)
    {
        var trimmed = submitted.Trim();
        if (trimmed.Length == 0) return submitted;
        var buffer = new byte[trimmed.Length];
        if (!Convert.TryFromBase64String(trimmed, buffer, out var length)) return submitted;
        try
        {
            return StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return submitted;
        }
    }
}
