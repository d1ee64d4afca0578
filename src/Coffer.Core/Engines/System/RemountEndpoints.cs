using System.Net;
using System.Text.Json.Nodes;
using Coffer.Core.Json;
using Coffer.Core.Routing;

namespace Coffer.Core.Engines.System;

/// <summary><c>sys/remount</c> and <c>sys/remount/status/:migration_id</c> (spec §3.3), within the request's namespace.</summary>
internal sealed class RemountEndpoints(CofferCore core)
{
    // Mounts every namespace needs where they are; Vault refuses to move them.
    private static readonly string[] ProtectedSources = ["sys/", "cubbyhole/", "identity/", "auth/token/"];
    private static readonly string[] ReservedTargets = ["sys/", "cubbyhole/", "identity/", "auth/token/"];

    public Response Remount(Request request)
    {
        var from = LenientFields.GetString(request.Data, "from") ?? "";
        var to = LenientFields.GetString(request.Data, "to") ?? "";
        if (from.Trim('/').Length == 0 || to.Trim('/').Length == 0)
        {
            throw CofferError.BadRequest("both 'from' and 'to' path must be specified as a string");
        }
        from = Normalize(from);
        to = Normalize(to);
        if (ProtectedSources.Any(p => from.StartsWith(p, StringComparison.Ordinal)))
        {
            throw CofferError.BadRequest($"cannot remount '{from}'");
        }
        if (ReservedTargets.Any(p => to.StartsWith(p, StringComparison.Ordinal)) || to == "auth/")
        {
            throw CofferError.BadRequest($"cannot remount to destination '{to}'");
        }
        var id = core.Remount(request.NamespaceId, from, to);
        return Response.WithData(new JsonObject { ["migration_id"] = id });
    }

    public Response Status(string migrationId)
    {
        var migration = core.MountMigrations.Find(migrationId.Trim('/'));
        if (migration is null)
        {
            // Vault answers an unknown id with an empty 404.
            throw new CofferError(HttpStatusCode.NotFound);
        }
        return Response.WithData(new JsonObject
        {
            ["migration_id"] = migration.Id,
            ["migration_info"] = new JsonObject
            {
                ["source_mount"] = migration.SourceMount,
                ["target_mount"] = migration.TargetMount,
                ["status"] = migration.Status,
            },
        });
    }

    private static string Normalize(string path) => path.Trim('/') + "/";
}
