using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Odop.Protocol.Tests.Infrastructure;

/// <summary>An HTTP/2 server that answers every request with whatever the test writes, to see how the client copes with odd responses.</summary>
public sealed class FakeHttp2Server : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHttp2Server(WebApplication app) => _app = app;

    public string Address => _app.Urls.Single();

    public static async Task<FakeHttp2Server> StartAsync(RequestDelegate respond)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(respond);
        await app.StartAsync();
        return new FakeHttp2Server(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
