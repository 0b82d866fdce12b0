using Microsoft.AspNetCore.Http.Features;

namespace RuianSamples.Api.Common;

/// <summary>HTTP rules applied to every route in one place, not per handler.</summary>
public static class HttpConformance
{
    /// <summary>
    /// HEAD is GET without the body (RFC 9110 §9.3.2), so every GET route answers it with the same
    /// status and headers: before routing the method becomes GET and the body is discarded.
    /// </summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            var bodyFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, bodyFeature));
            context.Request.Method = HttpMethods.Get;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = HttpMethods.Head;
                context.Features.Set(bodyFeature);
            }
        });
        return app;
    }

    /// <summary>
    /// After routing: an endpoint that declares its query parameters (<see cref="ParameterDocs.WithQuery"/>) refuses
    /// any other, detail routes included, with the same problem as <see cref="QueryReader"/>.
    /// </summary>
    public static WebApplication UseDeclaredQueryParameters(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.QueryString.HasValue && context.GetEndpoint()?.Metadata.GetMetadata<QueryParameters>() is { } declared)
            {
                try
                {
                    _ = new QueryReader(context.Request, [.. declared.Names]);
                }
                catch (ApiInputException e)
                {
                    return e.ToProblem().ExecuteAsync(context);
                }
            }
            return next(context);
        });
        return app;
    }
}
