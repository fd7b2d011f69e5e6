export const OPENAPI = { openapi: "3.1.0" };
