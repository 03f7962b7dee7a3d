// /api/docs: Swagger UI on the application's own OpenAPI document (a static file, so the
// Content-Security-Policy needs no inline script).
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: node.dataset.openapi,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,  // no call to an outside validator
    defaultModelsExpandDepth: 0
  });
});
