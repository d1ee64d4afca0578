using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Json;

namespace Coffer.Core.Auth.Token;

/// <summary>Field readers the token endpoints need beyond <see cref="LenientFields"/>.</summary>
internal static class TokenRequestFields
{
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
}
