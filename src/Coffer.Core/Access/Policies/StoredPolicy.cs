using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Access.Policies;

/// <summary>The storage form of a policy: <c>{"name": ..., "policy": "&lt;text&gt;"}</c>. Only the text is kept, so it reads back verbatim.</summary>
internal static class StoredPolicy
{
    public static byte[] Serialize(string name, string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["name"] = name, ["policy"] = text });

    /// <exception cref="InvalidDataException">The entry is not a stored policy.</exception>
    public static string ReadText(byte[] stored)
    {
        try
        {
            return JsonNode.Parse(stored)?["policy"]?.GetValue<string>()
                   ?? throw new InvalidDataException("stored policy has no \"policy\" field");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException("stored policy is not valid JSON", exception);
        }
    }
}
