/**
 * {@code spanrel serve}: the HTTP extraction service (Jetty), its request queue that groups concurrent requests
 * into model batches, the page and the OpenAPI description it serves, its metrics, CORS and request ids, and its
 * JSON error answers.
 */
package dev.spanrel.cli.serve;
