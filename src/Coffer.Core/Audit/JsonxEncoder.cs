using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Coffer.Core.Audit;

/// <summary>
/// Renders a JSON entry as IBM JSONx, one XML document per line, for log pipelines that only take XML
/// (the <c>format=jsonx</c> device option).
/// </summary>
internal static class JsonxEncoder
{
    private const string Namespace = "http://www.ibm.com/xmlns/prod/2009/01/json";
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = ConformanceLevel.Fragment,
        Indent = false,
        NewLineHandling = NewLineHandling.Entitize,
        // Control characters in a raw value must not make the device fail; WriteText emits them as references.
        CheckCharacters = false,
    };

    public static string Encode(JsonObject entry)
    {
        var text = new StringBuilder(Declaration);
        using (var writer = XmlWriter.Create(text, Settings))
        {
            Write(writer, entry, null, declareNamespace: true);
        }
        return text.ToString();
    }

    private static void Write(XmlWriter writer, JsonNode? node, string? name, bool declareNamespace = false)
    {
        var element = node switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "null",
            },
            _ => "null",
        };
        writer.WriteStartElement("json", element, Namespace);
        if (declareNamespace)
        {
            writer.WriteAttributeString("xmlns", "json", null, Namespace);
        }
        if (name is not null)
        {
            writer.WriteAttributeString("name", name);
        }
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Write(writer, child, key);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Write(writer, item, null);
                }
                break;
            case JsonValue value when element == "string":
                WriteText(writer, value.TryGetValue<string>(out var text)
                    ? text
                    : JsonSerializer.Deserialize<string>(value.ToJsonString()) ?? "");
                break;
            case JsonValue value when element is "number" or "boolean":
                writer.WriteString(value.ToJsonString());
                break;
        }
        writer.WriteEndElement();
    }

    /// <summary>
    /// Writes text with every control character as a character reference: XmlWriter leaves a raw line feed in
    /// text content as it is, which would split one entry across two lines of the log.
    /// </summary>
    private static void WriteText(XmlWriter writer, string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsControl(text[i]))
            {
                continue;
            }
            if (i > start)
            {
                writer.WriteString(text[start..i]);
            }
            writer.WriteCharEntity(text[i]);
            start = i + 1;
        }
        if (start < text.Length)
        {
            writer.WriteString(text[start..]);
        }
    }
}
