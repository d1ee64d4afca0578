using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Auth;

/// <summary>
/// The token settings every auth method keeps on its users and roles (spec/vault-api.md §5.1): parsed from weakly
/// typed request fields, rendered on read with durations as whole seconds, and turned into a <see cref="LoginAuth"/>.
/// Stored as part of the owning entry.
/// </summary>
public sealed class TokenFields
{
    public long TtlSeconds { get; set; }
    public long MaxTtlSeconds { get; set; }
    public long ExplicitMaxTtlSeconds { get; set; }
    public long PeriodSeconds { get; set; }
    public long NumUses { get; set; }
    public List<string> Policies { get; set; } = [];
    public List<string> BoundCidrs { get; set; } = [];
    public bool NoDefaultPolicy { get; set; }

    /// <summary><c>service</c>, <c>batch</c> or <c>default</c>.</summary>
    public string Type { get; set; } = "default";

    /// <summary>
    /// Deprecated names (<c>policies</c>, <c>ttl</c>…) the value was last written under. Vault echoes those names
    /// back on read so that old tooling that wrote them can still read them; a write with the new name drops them.
    /// </summary>
    public List<string> LegacyNames { get; set; } = [];

    /// <summary>Applies the fields present in <paramref name="data"/>; absent fields keep their value. Validates the result.</summary>
    public void Apply(JsonObject data, LegacyTokenAliases aliases)
    {
        if (SourceOf(data, TokenFieldNames.Ttl, aliases) is { } ttl)
        {
            TtlSeconds = LenientFields.GetDurationSeconds(data, ttl)!.Value;
        }
        if (SourceOf(data, TokenFieldNames.MaxTtl, aliases) is { } maxTtl)
        {
            MaxTtlSeconds = LenientFields.GetDurationSeconds(data, maxTtl)!.Value;
        }
        if (SourceOf(data, TokenFieldNames.ExplicitMaxTtl, aliases) is { } explicitMax)
        {
            ExplicitMaxTtlSeconds = LenientFields.GetDurationSeconds(data, explicitMax)!.Value;
        }
        if (SourceOf(data, TokenFieldNames.Period, aliases) is { } period)
        {
            PeriodSeconds = LenientFields.GetDurationSeconds(data, period)!.Value;
        }
        if (SourceOf(data, TokenFieldNames.NumUses, aliases) is { } numUses)
        {
            NumUses = LenientFields.GetInt(data, numUses)!.Value;
        }
        if (SourceOf(data, TokenFieldNames.Policies, aliases) is { } policies)
        {
            Policies = Access.PolicyNames.Distinct(StringListField.Get(data, policies)!);
        }
        if (SourceOf(data, TokenFieldNames.BoundCidrs, aliases) is { } cidrs)
        {
            BoundCidrs = CidrList.Read(data, cidrs)!;
        }
        if (SourceOf(data, TokenFieldNames.NoDefaultPolicy, aliases) is { } noDefault)
        {
            NoDefaultPolicy = LenientFields.GetBool(data, noDefault)!.Value;
        }
        if (SourceOf(data, TokenFieldNames.Type, aliases) is { } type)
        {
            Type = ParseType(LenientFields.GetString(data, type)!);
        }
        Validate();
    }

    /// <summary>Adds the read-response fields: the <c>token_*</c> names always, legacy names when they were used.</summary>
    public void WriteTo(JsonObject response, LegacyTokenAliases aliases)
    {
        response[TokenFieldNames.BoundCidrs] = StringArray(BoundCidrs);
        response[TokenFieldNames.ExplicitMaxTtl] = ExplicitMaxTtlSeconds;
        response[TokenFieldNames.MaxTtl] = MaxTtlSeconds;
        response[TokenFieldNames.NoDefaultPolicy] = NoDefaultPolicy;
        response[TokenFieldNames.NumUses] = NumUses;
        response[TokenFieldNames.Period] = PeriodSeconds;
        response[TokenFieldNames.Policies] = StringArray(Policies);
        response[TokenFieldNames.Ttl] = TtlSeconds;
        response[TokenFieldNames.Type] = Type;

        // As in Vault, a legacy name is shown only while it carries a value.
        EchoLegacy(response, aliases, TokenFieldNames.Policies, Policies.Count > 0 ? StringArray(Policies) : null);
        EchoLegacy(response, aliases, TokenFieldNames.BoundCidrs, BoundCidrs.Count > 0 ? StringArray(BoundCidrs) : null);
        EchoLegacy(response, aliases, TokenFieldNames.Ttl, TtlSeconds > 0 ? JsonValue.Create(TtlSeconds) : null);
        EchoLegacy(response, aliases, TokenFieldNames.MaxTtl, MaxTtlSeconds > 0 ? JsonValue.Create(MaxTtlSeconds) : null);
        EchoLegacy(response, aliases, TokenFieldNames.Period, PeriodSeconds > 0 ? JsonValue.Create(PeriodSeconds) : null);
    }

    /// <summary>The token request for a login; the method adds who logged in (metadata, display and alias names).</summary>
    public LoginAuth ToLoginAuth() => new()
    {
        Policies = Policies.ToList(),
        TtlSeconds = TtlSeconds,
        MaxTtlSeconds = MaxTtlSeconds,
        ExplicitMaxTtlSeconds = ExplicitMaxTtlSeconds,
        PeriodSeconds = PeriodSeconds,
        NumUses = (int)NumUses,
        BoundCidrs = BoundCidrs.ToList(),
        TokenType = Type,
        NoDefaultPolicy = NoDefaultPolicy,
        Renewable = Type != "batch",
    };

    private void Validate()
    {
        if (NumUses < 0)
        {
            throw CofferError.BadRequest("'token_num_uses' cannot be negative");
        }
        if (NumUses > int.MaxValue)
        {
            throw CofferError.BadRequest("'token_num_uses' is too large");
        }
        if (TtlSeconds > 0 && MaxTtlSeconds > 0 && TtlSeconds > MaxTtlSeconds)
        {
            throw CofferError.BadRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
        }
        if (Type == "batch" && PeriodSeconds > 0)
        {
            throw CofferError.BadRequest("'token_type' cannot be 'batch' when set to generate periodic tokens");
        }
        if (Type == "batch" && NumUses > 0)
        {
            throw CofferError.BadRequest("'token_type' cannot be 'batch' when set to generate tokens with limited use count");
        }
    }

    /// <summary>
    /// Which request field supplies <paramref name="currentName"/>: the current name wins (and retires the legacy
    /// one); otherwise the legacy alias, which is then remembered for read responses.
    /// </summary>
    private string? SourceOf(JsonObject data, string currentName, LegacyTokenAliases aliases)
    {
        var legacy = aliases.LegacyNameOf(currentName);
        if (data[currentName] is not null)
        {
            if (legacy is not null)
            {
                LegacyNames.Remove(legacy);
            }
            return currentName;
        }
        if (legacy is not null && data[legacy] is not null)
        {
            if (!LegacyNames.Contains(legacy))
            {
                LegacyNames.Add(legacy);
            }
            return legacy;
        }
        return null;
    }

    private void EchoLegacy(JsonObject response, LegacyTokenAliases aliases, string currentName, JsonNode? value)
    {
        var legacy = aliases.LegacyNameOf(currentName);
        if (legacy is not null && value is not null && LegacyNames.Contains(legacy))
        {
            response[legacy] = value;
        }
    }

    private static string ParseType(string text) => text switch
    {
        "service" or "batch" => text,
        "" or "default" => "default",
        _ => throw CofferError.BadRequest($"invalid 'token_type' value \"{text}\""),
    };

    private static JsonArray StringArray(IEnumerable<string> items) =>
        new(items.Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
}
