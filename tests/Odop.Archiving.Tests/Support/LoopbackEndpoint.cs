using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Odop.Archiving.Tests.Support;

/// <summary>
/// A real HTTP endpoint on loopback that keeps every JSON body POSTed to it. It can be down (nothing listens on
/// its port: connections are refused) and come back on the same port. Public: the agent tests use it too.
/// </summary>
public sealed class LoopbackEndpoint : IDisposable
{
    private HttpListener? _listener;
    private Task _serving = Task.CompletedTask;

    public LoopbackEndpoint()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/results/";

    /// <summary>Shared with the agent tests. Every body received, in arrival order (duplicates included).</summary>
    public ConcurrentQueue<JsonObject> Received { get; } = new();

    /// <summary>Shared with the agent tests. Answer with this status instead of 204 (e.g. 503 to play a sick endpoint).</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.NoContent;

    public void Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add(Url);
        _listener.Start();
        var listener = _listener;
        _serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    var body = await reader.ReadToEndAsync();
                    if (Answer == HttpStatusCode.NoContent) Received.Enqueue((JsonObject)JsonNode.Parse(body)!);
                }
                context.Response.StatusCode = (int)Answer;
                context.Response.Close();
            }
        });
    }

    public void Stop()
    {
        _listener?.Close();
        _listener = null;
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    public void Dispose() => Stop();
}
