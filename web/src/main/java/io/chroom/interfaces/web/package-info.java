/**
 * What people open in a browser: the host's and participants' meeting pages, and the problem
 * documents answered for errors outside the REST API.
 */
package io.chroom.interfaces.web;
