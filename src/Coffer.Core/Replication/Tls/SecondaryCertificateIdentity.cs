using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Coffer.Core.Replication.Tls;

/// <summary>
/// How a secondary id is carried in its client certificate: the subject CN and a SAN URI
/// <c>coffer-replication://secondary/&lt;id&gt;</c>. Both must agree, so a certificate cannot name one id in the
/// subject and another in the SAN.
/// </summary>
public static partial class SecondaryCertificateIdentity
{
    public const string UriPrefix = "coffer-replication://secondary/";

    /// <summary>Ids become storage path segments and URI paths, so only a conservative alphabet is allowed.</summary>
    public static bool IsValidId(string? secondaryId) => secondaryId is not null && IdPattern().IsMatch(secondaryId);

    public static Uri UriFor(string secondaryId) => new(UriPrefix + secondaryId);

    /// <summary>The secondary id a certificate names, or null when it names none or its CN and SAN disagree.</summary>
    public static string? Read(X509Certificate2 certificate)
    {
        string? fromUri = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509SubjectAlternativeNameExtension san)
            {
                continue;
            }
            foreach (var name in EnumerateUris(san))
            {
                if (!name.StartsWith(UriPrefix, StringComparison.Ordinal))
                {
                    continue;
                }
                if (fromUri is not null)
                {
                    return null; // two ids in one certificate: ambiguous, so none.
                }
                fromUri = name[UriPrefix.Length..];
            }
        }
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return fromUri is not null && IsValidId(fromUri) && fromUri == commonName ? fromUri : null;
    }

    private static IEnumerable<string> EnumerateUris(X509SubjectAlternativeNameExtension san)
    {
        // .NET exposes DNS names and IP addresses directly; URIs are read from the raw GeneralNames.
        var reader = new System.Formats.Asn1.AsnReader(san.RawData, System.Formats.Asn1.AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        var uriTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6);
        var result = new List<string>();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.HasSameClassAndValue(uriTag))
            {
                result.Add(names.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }
        return result;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();
}
