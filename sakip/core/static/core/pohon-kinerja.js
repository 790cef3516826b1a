/*
 * Zoom and PNG download for every pohon kinerja diagram on the page: an
 * element with data-pohon-kinerja that holds one <svg> inside its
 * [data-pohon-viewport], and buttons with
 *
 *   data-pohon-zoom="in" | "out" | "reset" | "fit"   change the zoom
 *   data-pohon-zoom-label                             shows the zoom in %
 *   data-pohon-png                                    downloads a PNG
 *
 * data-pohon-nama on the container names the downloaded file. The PNG is the
 * SVG drawn on a canvas at twice its size, or smaller where the browser's
 * largest canvas would not hold it.
 */
(function () {
  "use strict";

  var LANGKAH = 1.25;
  var ZOOM_MIN = 0.1;
  var ZOOM_MAX = 4;
  // Chromium's limits: 32,767 px a side and 268,435,456 px in all. Smaller
  // values leave room for other browsers.
  var SISI_MAX = 16384;
  var LUAS_MAX = 16384 * 16384;

  function setup(container) {
    var viewport = container.querySelector("[data-pohon-viewport]");
    var svg = viewport && viewport.querySelector("svg");
    if (!svg) return;
    var baseWidth = Number(svg.getAttribute("width"));
    var baseHeight = Number(svg.getAttribute("height"));
    var zoom = 1;

    function apply(value) {
      zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, value));
      svg.setAttribute("width", String(baseWidth * zoom));
      svg.setAttribute("height", String(baseHeight * zoom));
      container.querySelectorAll("[data-pohon-zoom-label]").forEach(function (label) {
        label.textContent = Math.round(zoom * 100) + " %";
      });
    }

    var actions = {
      in: function () { apply(zoom * LANGKAH); },
      out: function () { apply(zoom / LANGKAH); },
      reset: function () { apply(1); },
      fit: function () { apply((viewport.clientWidth - 2) / baseWidth); },
    };
    container.querySelectorAll("[data-pohon-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = actions[button.getAttribute("data-pohon-zoom")];
        if (action) action();
      });
    });

    container.querySelectorAll("[data-pohon-png]").forEach(function (button) {
      button.addEventListener("click", function () {
        button.disabled = true;
        downloadPng(svg, baseWidth, baseHeight, container.getAttribute("data-pohon-nama"))
          .finally(function () { button.disabled = false; });
      });
    });

    // The roots sit in the middle of a wide tree: start there.
    viewport.scrollLeft = (viewport.scrollWidth - viewport.clientWidth) / 2;
  }

  function downloadPng(svg, width, height, nama) {
    var copy = svg.cloneNode(true);
    copy.setAttribute("width", String(width));
    copy.setAttribute("height", String(height));
    var source = new XMLSerializer().serializeToString(copy);
    var url = URL.createObjectURL(new Blob([source], { type: "image/svg+xml" }));
    var scale = Math.min(2, SISI_MAX / width, SISI_MAX / height,
      Math.sqrt(LUAS_MAX / (width * height)));

    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = Math.floor(width * scale);
        canvas.height = Math.floor(height * scale);
        var context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          if (!blob) {
            reject(new Error("canvas.toBlob returned no image"));
            return;
          }
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = (nama || "pohon-kinerja") + ".png";
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
          resolve();
        }, "image/png");
      };
      image.onerror = function () {
        URL.revokeObjectURL(url);
        reject(new Error("the SVG could not be drawn as an image"));
      };
      image.src = url;
    });
  }

  function setupAll() {
    document.querySelectorAll("[data-pohon-kinerja]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
