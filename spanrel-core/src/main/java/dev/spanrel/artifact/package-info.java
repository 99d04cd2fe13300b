/**
 * Models as Maven artifacts: {@link dev.spanrel.artifact.ModelJarWriter} packages a model directory as a jar and
 * pom under {@link dev.spanrel.artifact.ModelCoordinates}, with a {@link dev.spanrel.artifact.ModelDescriptor} of
 * its files; {@link dev.spanrel.artifact.ClasspathModels} finds such a jar on a class path and extracts it once into
 * the cache, where {@link dev.spanrel.infer.Extractor#fromClasspath(String)} opens it.
 */
package dev.spanrel.artifact;
