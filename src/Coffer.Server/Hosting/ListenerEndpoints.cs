using System.Net;
using System.Net.Sockets;
using Coffer.Server.Config;

namespace Coffer.Server.Hosting;

/// <summary>Turns listener addresses into endpoints, and derives the cluster address (API port + 1) when none is set.</summary>
internal static class ListenerEndpoints
{
    public static IPEndPoint Resolve(string address)
    {
        var colon = address.LastIndexOf(':');
        var host = address[..colon].Trim('[', ']');
        var port = int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (host is "" or "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }
        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }
        var resolved = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
                       ?? throw new ConfigException($"listener address \"{address}\" does not resolve");
        return new IPEndPoint(resolved, port);
    }

    public static string ClusterAddressOf(ListenerConfig listener)
    {
        if (listener.ClusterAddress is not null)
        {
            return listener.ClusterAddress;
        }
        var endpoint = Resolve(listener.Address);
        return $"{listener.Address[..listener.Address.LastIndexOf(':')]}:{endpoint.Port + 1}";
    }

    public static string ApiAddressOf(ListenerConfig listener)
    {
        var scheme = listener.TlsDisable ? "http" : "https";
        var host = listener.Address[..listener.Address.LastIndexOf(':')];
        if (host is "0.0.0.0" or "" or "[::]")
        {
            host = "127.0.0.1";
        }
        return $"{scheme}://{host}:{Resolve(listener.Address).Port}";
    }
}
