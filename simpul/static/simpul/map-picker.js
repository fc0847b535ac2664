// Map picker for a business location: a Leaflet map (from the XStatic package) whose
// click sets the latitude/longitude inputs. Tiles come from SIMPUL_TILE_URL when
// configured; on a closed network the map still works, only without a basemap.
(function () {
  var element = document.getElementById("map-picker");
  if (!element || typeof L === "undefined") { return; }
  var latInput = document.getElementById(element.dataset.latInput);
  var lngInput = document.getElementById(element.dataset.lngInput);
  var center = (element.dataset.center || "-6.9,112.05").split(",").map(Number);
  var lat = parseFloat(latInput && latInput.value);
  var lng = parseFloat(lngInput && lngInput.value);
  var hasPoint = !isNaN(lat) && !isNaN(lng);
  var map = L.map(element).setView(hasPoint ? [lat, lng] : center, hasPoint ? 15 : 11);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19 }).addTo(map);
  }
  var marker = hasPoint ? L.marker([lat, lng]).addTo(map) : null;
  map.on("click", function (event) {
    var point = event.latlng;
    if (marker) { marker.setLatLng(point); } else { marker = L.marker(point).addTo(map); }
    latInput.value = point.lat.toFixed(6);
    lngInput.value = point.lng.toFixed(6);
  });
})();
