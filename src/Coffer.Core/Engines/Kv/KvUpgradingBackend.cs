using Coffer.Core.Routing;

namespace Coffer.Core.Engines.Kv;

/// <summary>
/// Stands in for a kv mount while its version 1 data is rewritten as version 2: every request gets Vault's 400, which
/// clients (Terraform, the Vault CLI) recognise and retry.
/// </summary>
public sealed class KvUpgradingBackend : ILogicalBackend
{
    public const string Message =
        "Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly.";

    public static CofferError Error() => CofferError.BadRequest(Message);

    public Task<Response?> HandleAsync(Request request, CancellationToken cancellationToken) => throw Error();

    public Task<bool?> ExistsAsync(Request request, CancellationToken cancellationToken) => throw Error();
}
