using Coffer.Core.Hcl;

namespace Coffer.Core.Access.Policies;

/// <summary>Builds the 400s policy parsing raises, worded as Vault words them so scripts matching on them keep working.</summary>
internal static class PolicyErrors
{
    public const string Prefix = "failed to parse policy: ";

    public static CofferError Invalid(string detail) => CofferError.BadRequest(Prefix + detail);

    /// <summary>HCL1's own errors read <c>At 3:7: ...</c>; ours keep that shape.</summary>
    public static CofferError Syntax(HclException exception) =>
        Invalid($"At {exception.Position.Line}:{exception.Position.Column}: {exception.Reason}");

    public static CofferError InPath(string path, string detail) => Invalid($"path \"{path}\": {detail}");
}
