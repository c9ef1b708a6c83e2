using System.Collections.Frozen;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Odop.Protocol.Internal.Server;

/// <summary>
/// What Kestrel runs for every request: no middleware, no routing, one dictionary lookup on the path.
/// HttpContext objects are reused across requests of a stream slot, as ASP.NET's own hosting layer does.
/// </summary>
internal sealed class GrpcHttpApplication(FrozenDictionary<string, ServerMethodHandler> methods, ServerRuntime runtime)
    : IHttpApplication<HttpContext>
{
    private static readonly StringValues ContentTypeValue = new(GrpcProtocol.ContentType);
    private static readonly StringValues UnimplementedValue = new(((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture));
    private static readonly StringValues InternalValue = new(((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public HttpContext CreateContext(IFeatureCollection contextFeatures)
    {
        if (contextFeatures is IHostContextContainer<HttpContext> container)
        {
            if (container.HostContext is DefaultHttpContext reused)
            {
                reused.Initialize(contextFeatures);
                return reused;
            }

            var created = new DefaultHttpContext(contextFeatures);
            container.HostContext = created;
            return created;
        }

        return new DefaultHttpContext(contextFeatures);
    }

    public Task ProcessRequestAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            ServerLog.UnsupportedContentType(runtime.Logger, request.ContentType);
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            context.Response.Headers[GrpcProtocol.StatusHeader] = InternalValue;
            context.Response.Headers[GrpcProtocol.MessageHeader] = $"Content-Type '{request.ContentType}' is not supported.";
            return Task.CompletedTask;
        }

        var path = request.Path.Value ?? string.Empty;
        if (methods.TryGetValue(path, out var handler))
        {
            return handler.HandleCallAsync(context);
        }

        // Trailers-only response; the request body is left unread, which HTTP/2 allows.
        ServerLog.Unimplemented(runtime.Logger, path);
        var headers = context.Response.Headers;
        headers.ContentType = ContentTypeValue;
        headers[GrpcProtocol.StatusHeader] = UnimplementedValue;
        headers[GrpcProtocol.MessageHeader] = StatusMessageEncoding.Encode($"Method {path} is unimplemented.");
        return Task.CompletedTask;
    }

    public void DisposeContext(HttpContext context, Exception? exception)
    {
        if (context is DefaultHttpContext pooled)
        {
            pooled.Uninitialize();
        }
    }
}
