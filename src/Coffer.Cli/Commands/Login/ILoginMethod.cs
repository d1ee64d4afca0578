using Coffer.Cli.Api;

namespace Coffer.Cli.Commands.Login;

/// <summary>One auth method `coffer login -method=...` can use, counterpart of vault's CLI login handlers.</summary>
internal interface ILoginMethod
{
    /// <param name="client">A client with no token set unless the method itself needs one.</param>
    /// <param name="config">The K=V arguments; "mount" holds the path the method is enabled at.</param>
    /// <returns>The login response, normally carrying <c>auth</c> (or <c>wrap_info</c> when wrapped).</returns>
    /// <exception cref="LoginMethodException">Missing or unusable input.</exception>
    /// <exception cref="ApiRequestException">The server refused the login or could not be reached.</exception>
    Task<Secret> AuthenticateAsync(CofferApiClient client, IReadOnlyDictionary<string, string> config, CliContext context);
}
